const USAGE_KEY = /"usage"\s*:\s*\{/g;

/** Pico-dollars as an exact decimal of dollars ("0.0000001"): what the request costs before any rounding. */
export function usdFromPicos(picos: number): string {
  // An exact integer divided by 1e12 is the double nearest the decimal, whose shortest form is
  // that decimal (JSON may show it in exponent form, 1e-7): no BigInt needed below 2^53.
  if (Number.isSafeInteger(picos)) return String(picos / 1e12);
  const digits = BigInt(Math.round(picos)).toString().padStart(13, '0');
  const whole = digits.slice(0, -12);
  const fraction = digits.slice(-12).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/**
 * Adds `usage.cost` (USD, like OpenRouter's, exact to the pico-dollar) to a whole JSON answer without re-encoding it:
 * the cost goes first into the last top-level-looking `"usage": {` object. A quote inside a
 * JSON string is always escaped, so that pattern can only be a key. An answer without a usage
 * object is returned unchanged.
 */
export function addCostToUsage(body: string, costPicos: number): string {
  let last = -1;
  for (const match of body.matchAll(USAGE_KEY)) last = match.index + match[0].length;
  if (last === -1) return body;
  let next = last;
  while (next < body.length && (body[next] === ' ' || body[next] === '\n' || body[next] === '\r' || body[next] === '\t')) next++;
  const separator = body[next] === '}' ? '' : ',';
  return `${body.slice(0, last)}"cost":${usdFromPicos(costPicos)}${separator}${body.slice(last)}`;
}
