import { formatIpAddress, type IpAddress, parseIpAddress } from './ip-address';

/** An address range: the leading `prefixLength` bits of `bytes` are the network. */
export interface Cidr extends IpAddress {
  prefixLength: number;
}

/**
 * Parses `10.0.0.0/8`, `2001:db8::/32`, or a bare address (a range of one). An IPv4-mapped IPv6
 * range of /96 or longer becomes the IPv4 range it covers, since clients are normalised the same
 * way. Host bits are kept as written; see `hasHostBits`.
 */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const addressText = slash < 0 ? text : text.slice(0, slash);
  // A zone makes no sense in a range, and parseIpAddress would quietly drop it.
  if (addressText.includes('%')) return undefined;
  const lengthText = slash < 0 ? undefined : text.slice(slash + 1);
  if (lengthText !== undefined && !/^(0|[1-9][0-9]{0,2})$/.test(lengthText)) return undefined;
  const address = parseIpAddress(addressText);
  if (address === undefined) return undefined;
  const writtenAsIpv6 = addressText.includes(':');
  const maximum = writtenAsIpv6 ? 128 : 32;
  const prefixLength = lengthText === undefined ? maximum : Number(lengthText);
  if (prefixLength > maximum) return undefined;
  if (writtenAsIpv6 && address.version === 4) {
    // `::ffff:10.0.0.0/104` is 10.0.0.0/8; a shorter mapped prefix spans non-IPv4 space too.
    if (prefixLength < 96) return undefined;
    return { ...address, prefixLength: prefixLength - 96 };
  }
  return { ...address, prefixLength };
}

/** Whether bits past the prefix are set (`10.0.0.1/8`), which usually means a typo. */
export function hasHostBits(cidr: Cidr): boolean {
  return !sameLeadingBits(cidr.bytes, maskedBytes(cidr), cidr.bytes.length * 8);
}

/** The range as canonical text, network address and prefix length (`10.0.0.0/8`). */
export function formatCidr(cidr: Cidr): string {
  return `${formatIpAddress({ version: cidr.version, bytes: maskedBytes(cidr) })}/${cidr.prefixLength}`;
}

/** Whether `address` lies in `cidr`; IPv4 and IPv6 never match each other. */
export function cidrContains(cidr: Cidr, address: IpAddress): boolean {
  return cidr.version === address.version && sameLeadingBits(cidr.bytes, address.bytes, cidr.prefixLength);
}

function maskedBytes(cidr: Cidr): Uint8Array {
  const masked = new Uint8Array(cidr.bytes.length);
  for (let index = 0; index < masked.length; index++) {
    const bitsInByte = Math.min(8, Math.max(0, cidr.prefixLength - index * 8));
    masked[index] = cidr.bytes[index]! & ((0xff << (8 - bitsInByte)) & 0xff);
  }
  return masked;
}

function sameLeadingBits(left: Uint8Array, right: Uint8Array, bits: number): boolean {
  for (let index = 0; index * 8 < bits; index++) {
    const bitsInByte = Math.min(8, bits - index * 8);
    const mask = (0xff << (8 - bitsInByte)) & 0xff;
    if ((left[index]! & mask) !== (right[index]! & mask)) return false;
  }
  return true;
}
