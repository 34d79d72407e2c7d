import type { ModelRetirement } from '@switchboard/protocol';
import { retirementBodyFields } from '@switchboard/providers';
import type { GatewayContext } from '../app/gateway-context';
import type { RequestRecord } from '../app/request-record';
import type { Attempt } from '../attempts/plan-attempts';

/** The retired names each gateway has warned about: one log line per name, not per request. */
const warned = new WeakMap<GatewayContext, Set<string>>();

/**
 * RFC 9745's `Deprecation` (a structured-field date, `@` and Unix seconds) and RFC 8594's
 * `Sunset` (an HTTP-date), both at the retirement: the name stopped being a model of its own then.
 */
export function retirementHeaders(retirement: ModelRetirement): Record<string, string> {
  const at = new Date(retirement.retiredAt);
  return { deprecation: `@${Math.floor(at.getTime() / 1000)}`, sunset: at.toUTCString() };
}

/**
 * A request for a retired model name (the catalog's `retirements`; the index already made the
 * name an alias of its replacement, so the plan's attempts call the replacement): the attempts on
 * the replacement get the body fields of the mode the name stood for, the answer carries
 * `Deprecation` and `Sunset`, and the first such request per name logs a warning. Requests for
 * any other name return the attempts untouched after one map read.
 */
export function applyModelRetirement(
  gateway: GatewayContext,
  record: RequestRecord,
  requestedModel: string,
  attempts: Attempt[],
): Attempt[] {
  const retirement = gateway.catalog.retirement(requestedModel);
  if (retirement === undefined) return attempts;
  record.responseHeaders = { ...record.responseHeaders, ...retirementHeaders(retirement) };
  let names = warned.get(gateway);
  if (names === undefined) {
    names = new Set();
    warned.set(gateway, names);
  }
  if (!names.has(requestedModel)) {
    names.add(requestedModel);
    gateway.logger.warn(
      {
        model: requestedModel,
        provider: retirement.provider,
        replacement: retirement.replacement,
        retiredAt: retirement.retiredAt,
      },
      `model '${requestedModel}' was retired by '${retirement.provider}' at ${retirement.retiredAt}; serving it as '${retirement.replacement}'${retirement.thinking ? ` with thinking ${retirement.thinking}` : ''}. Clients should send '${retirement.replacement}'.`,
    );
  }
  return attempts.map((attempt) => {
    if (attempt.provider.id !== retirement.provider || attempt.model.id !== retirement.replacement) return attempt;
    const bodyFields = retirementBodyFields(attempt.provider, retirement);
    return bodyFields === undefined ? attempt : { ...attempt, bodyFields };
  });
}
