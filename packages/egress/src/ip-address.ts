import { parseIpv4Address } from './parse-ipv4-address';
import { parseIpv6Address } from './parse-ipv6-address';

export interface IpAddress {
  version: 4 | 6;
  /** 32 or 128 bits. */
  value: bigint;
}

/**
 * An IPv4 address in any spelling a resolver accepts, or IPv6 text with or without brackets.
 * Undefined for anything else, including scoped IPv6 (`fe80::1%eth0`).
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  const bracketed = text.startsWith('[') && text.endsWith(']');
  if (!bracketed) {
    const ipv4 = parseIpv4Address(text);
    if (ipv4 !== undefined) return { version: 4, value: BigInt(ipv4) };
  }
  const ipv6 = parseIpv6Address(bracketed ? text.slice(1, -1) : text);
  return ipv6 === undefined ? undefined : { version: 6, value: ipv6 };
}
