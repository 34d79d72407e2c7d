const USAGE_KEY = /"usage"\s*:\s*\{/g;

/**
 * Adds `usage.cost` (USD, like OpenRouter's) to a whole JSON answer without re-encoding it:
 * the cost goes first into the last top-level-looking `"usage": {` object. A quote inside a
 * JSON string is always escaped, so that pattern can only be a key. An answer without a usage
 * object is returned unchanged.
 */
export function addCostToUsage(body: string, costMicros: number): string {
  let last = -1;
  for (const match of body.matchAll(USAGE_KEY)) last = match.index + match[0].length;
  if (last === -1) return body;
  let next = last;
  while (next < body.length && (body[next] === ' ' || body[next] === '\n' || body[next] === '\r' || body[next] === '\t')) next++;
  const separator = body[next] === '}' ? '' : ',';
  return `${body.slice(0, last)}"cost":${costMicros / 1_000_000}${separator}${body.slice(last)}`;
}
