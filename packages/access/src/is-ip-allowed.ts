import type { ApiKeySummary } from './api-key-summary';
import { type Cidr, cidrContains, parseCidr } from './cidr';
import { parseIpAddress } from './ip-address';

// A cached key keeps the same list object, so its ranges are parsed once, not on every request.
const parsedLists = new WeakMap<readonly string[], Cidr[]>();

/**
 * Whether a client address may use the key: inside one of its CIDR ranges. IPv4-mapped IPv6
 * clients (`::ffff:192.0.2.1`) count as their IPv4 address. A client address that does not parse
 * is refused when there is an allowlist. Null allows every address.
 */
export function isIpAllowed(key: Pick<ApiKeySummary, 'ipAllowlist'>, clientIp: string): boolean {
  if (key.ipAllowlist === null) return true;
  const address = parseIpAddress(clientIp);
  if (address === undefined) return false;
  return rangesOf(key.ipAllowlist).some((cidr) => cidrContains(cidr, address));
}

function rangesOf(list: readonly string[]): Cidr[] {
  let ranges = parsedLists.get(list);
  if (ranges === undefined) {
    // The store only saves valid ranges; anything else (a hand-edited row) matches nothing.
    ranges = list.map((range) => parseCidr(range)).filter((cidr) => cidr !== undefined);
    parsedLists.set(list, ranges);
  }
  return ranges;
}
