import { isIPv4, isIPv6 } from 'node:net';

/** An IP address as bytes: 4 for IPv4, 16 for IPv6. */
export interface IpAddress {
  version: 4 | 6;
  bytes: Uint8Array;
}

/**
 * Parses an IPv4 or IPv6 address. IPv4-mapped IPv6 (`::ffff:192.0.2.1`, what a dual-stack socket
 * reports for an IPv4 client) comes back as IPv4, so one IPv4 allowlist covers both spellings.
 * A zone (`fe80::1%eth0`) is dropped. Anything else, including CIDR text, is undefined.
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  if (isIPv4(text)) return { version: 4, bytes: new Uint8Array(text.split('.').map(Number)) };
  const withoutZone = text.includes('%') ? text.slice(0, text.indexOf('%')) : text;
  if (!isIPv6(withoutZone)) return undefined;
  const bytes = ipv6Bytes(withoutZone);
  return isIpv4Mapped(bytes) ? { version: 4, bytes: bytes.slice(12) } : { version: 6, bytes };
}

/** The canonical text of an address: dotted IPv4, or RFC 5952 IPv6 (lowercase, longest zero run as `::`). */
export function formatIpAddress(address: IpAddress): string {
  if (address.version === 4) return Array.from(address.bytes).join('.');
  const groups: number[] = [];
  for (let index = 0; index < 16; index += 2) groups.push((address.bytes[index]! << 8) | address.bytes[index + 1]!);
  let bestStart = -1;
  let bestLength = 0;
  for (let start = 0; start < 8; ) {
    let end = start;
    while (end < 8 && groups[end] === 0) end++;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end === start ? start + 1 : end;
  }
  const hex = groups.map((group) => group.toString(16));
  // RFC 5952: a single zero group is not shortened.
  if (bestLength < 2) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** Whether the 16 bytes are in ::ffff:0:0/96. */
export function isIpv4Mapped(bytes: Uint8Array): boolean {
  if (bytes.length !== 16) return false;
  for (let index = 0; index < 10; index++) if (bytes[index] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

// Only called on text node:net accepted as IPv6, so the shape is known to be valid.
function ipv6Bytes(text: string): Uint8Array {
  let groupsText = text;
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    // An embedded IPv4 tail (`::ffff:1.2.3.4`) is the last two groups written in decimal.
    const [a, b, c, d] = last.split('.').map(Number) as [number, number, number, number];
    groupsText = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = groupsText.split('::') as [string, string | undefined];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16)));
  const headGroups = parse(head);
  const restGroups = rest === undefined ? [] : parse(rest);
  const zeros = Array.from({ length: 8 - headGroups.length - restGroups.length }, () => 0);
  const bytes = new Uint8Array(16);
  [...headGroups, ...zeros, ...restGroups].forEach((group, index) => {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 0xff;
  });
  return bytes;
}
