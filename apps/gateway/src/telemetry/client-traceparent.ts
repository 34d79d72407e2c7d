// version-traceid-parentid-flags, lower-case hex, all-zero ids invalid (W3C Trace Context).
const TRACEPARENT = /^[\da-f]{2}-(?!0{32})[\da-f]{32}-(?!0{16})[\da-f]{16}-[\da-f]{2}$/;

/**
 * With tracing off, the client's `traceparent` goes upstream as it came (DESIGN.md contract 9
 * allows it), so a trace the client started still joins the provider's; a malformed one is
 * dropped rather than forwarded. Undefined when there is none.
 */
export function clientTraceparent(value: string | string[] | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  return TRACEPARENT.test(value) && !value.startsWith('ff') ? value : undefined;
}
