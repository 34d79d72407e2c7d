import { isIPv4 } from 'node:net';
import { parseIpv4Address } from './parse-ipv4-address';

const GROUP = /^[0-9a-f]{1,4}$/i;

/** The 16-bit groups of one side of `::`; a dotted IPv4 tail counts as two groups. */
function readGroups(text: string, mayEndInIpv4: boolean): number[] | undefined {
  if (text === '') return [];
  const pieces = text.split(':');
  const groups: number[] = [];
  for (const [index, piece] of pieces.entries()) {
    if (GROUP.test(piece)) {
      groups.push(Number.parseInt(piece, 16));
    } else if (mayEndInIpv4 && index === pieces.length - 1 && isIPv4(piece)) {
      // Only strict dotted decimal is valid inside IPv6 text (no `0x7f.1` there).
      const ipv4 = parseIpv4Address(piece)!;
      groups.push(Math.floor(ipv4 / 0x10000), ipv4 % 0x10000);
    } else {
      return undefined;
    }
  }
  return groups;
}

/**
 * Reads IPv6 text (without brackets) into its 128-bit value: zero compression (`::`), leading
 * zeros and an embedded dotted IPv4 tail (`::ffff:127.0.0.1`). A zone id (`fe80::1%eth0`) makes
 * it undefined: a scoped address names an interface of this machine, never a provider.
 */
export function parseIpv6Address(text: string): bigint | undefined {
  if (text.includes('%')) return undefined;
  const compression = text.indexOf('::');
  let groups: number[] | undefined;
  if (compression === -1) {
    groups = readGroups(text, true);
    if (groups?.length !== 8) return undefined;
  } else {
    if (text.includes('::', compression + 1)) return undefined;
    const head = readGroups(text.slice(0, compression), false);
    const tail = readGroups(text.slice(compression + 2), true);
    // `::` stands for at least one group of zeros.
    if (!head || !tail || head.length + tail.length > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  return groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}
