import { type IpAddress, parseIpAddress } from './ip-address';
import { type IpRange, ipRangeContains } from './ip-range';

export type RefusedIpCategory =
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cloud-metadata'
  | 'unspecified'
  | 'carrier-grade-nat'
  | 'benchmarking'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'documentation'
  | 'scoped'
  | 'invalid';

export type IpAddressClassification = { category: 'public' } | { category: RefusedIpCategory; reason: string };

interface KnownRange extends IpRange {
  category: RefusedIpCategory;
  /** Completes "<address> is ...". */
  description: string;
}

function cidr(text: string): IpRange {
  const [first = '', prefixLength = ''] = text.split('/');
  const address = parseIpAddress(first);
  if (!address) throw new Error(`Bad range in the table: ${text}`);
  return { ...address, prefixLength: Number(prefixLength) };
}

function range(text: string, category: RefusedIpCategory, description: string): KnownRange {
  return { ...cidr(text), category, description: `${description} (${text})` };
}

function metadata(address: string, service: string): KnownRange {
  const bits = address.includes(':') ? 128 : 32;
  return { ...cidr(`${address}/${bits}`), category: 'cloud-metadata', description: `${service} (${address})` };
}

// Exact metadata addresses come first: some sit inside wider ranges (link-local, CGNAT) and the
// reason should name the service, which is what a forged request would be after.
const METADATA: KnownRange[] = [
  metadata('169.254.169.254', 'the cloud metadata service of AWS, Google Cloud, Azure, Oracle Cloud and others'),
  metadata('169.254.170.2', 'the AWS ECS task metadata service'),
  metadata('169.254.0.23', 'the Tencent Cloud metadata service'),
  metadata('100.100.100.200', 'the Alibaba Cloud metadata service'),
  metadata('168.63.129.16', 'the Azure WireServer, which serves VM configuration'),
  metadata('192.0.0.192', 'the Oracle Cloud Classic metadata service'),
  metadata('fd00:ec2::254', 'the AWS metadata service over IPv6'),
];

// Most specific first where ranges nest (broadcast inside 240/4).
const IPV4_RANGES: KnownRange[] = [
  range('0.0.0.0/8', 'unspecified', 'an unspecified ("this network") address'),
  range('10.0.0.0/8', 'private', 'a private address'),
  range('100.64.0.0/10', 'carrier-grade-nat', 'a carrier-grade NAT (shared) address'),
  range('127.0.0.0/8', 'loopback', 'a loopback address'),
  range('169.254.0.0/16', 'link-local', 'a link-local address'),
  range('172.16.0.0/12', 'private', 'a private address'),
  range('192.0.0.0/24', 'reserved', 'an IETF protocol assignment address'),
  range('192.0.2.0/24', 'documentation', 'a documentation address'),
  range('192.88.99.0/24', 'reserved', 'a deprecated 6to4 relay address'),
  range('192.168.0.0/16', 'private', 'a private address'),
  range('198.18.0.0/15', 'benchmarking', 'a benchmarking address'),
  range('198.51.100.0/24', 'documentation', 'a documentation address'),
  range('203.0.113.0/24', 'documentation', 'a documentation address'),
  range('224.0.0.0/4', 'multicast', 'a multicast address'),
  range('255.255.255.255/32', 'broadcast', 'the broadcast address'),
  range('240.0.0.0/4', 'reserved', 'a reserved address'),
];

const IPV6_RANGES: KnownRange[] = [
  range('::/128', 'unspecified', 'the unspecified address'),
  range('::1/128', 'loopback', 'the loopback address'),
  range('64:ff9b:1::/48', 'private', 'a local-use IPv4/IPv6 translation address'),
  range('100::/64', 'reserved', 'a discard-only address'),
  // Teredo carries the client's IPv4 address obfuscated, through a relay: refuse rather than decode.
  range('2001::/32', 'reserved', 'a Teredo tunnelling address'),
  range('2001:2::/48', 'benchmarking', 'a benchmarking address'),
  range('2001::/23', 'reserved', 'an IETF protocol assignment address'),
  range('2001:db8::/32', 'documentation', 'a documentation address'),
  range('3fff::/20', 'documentation', 'a documentation address'),
  range('fc00::/7', 'private', 'a unique local (private) address'),
  range('fe80::/10', 'link-local', 'a link-local address'),
  range('fec0::/10', 'private', 'a deprecated site-local (private) address'),
  range('ff00::/8', 'multicast', 'a multicast address'),
];

// Everything else outside 2000::/3 is unassigned; no provider lives there.
const GLOBAL_UNICAST = cidr('2000::/3');

interface EmbeddingForm extends IpRange {
  name: string;
  /** Bits to shift right to bring the IPv4 address to the bottom. */
  shift: bigint;
  /** False when nothing routes the form even for a public IPv4 address. */
  routable: boolean;
}

function embedding(text: string, name: string, shift: bigint, routable: boolean): EmbeddingForm {
  return { ...cidr(text), name: `${name} (${text})`, shift, routable };
}

// IPv6 spellings of an IPv4 destination, judged by the IPv4 address inside. The compatible form
// is deprecated (RFC 4291) and refused even around a public address.
const EMBEDDINGS: EmbeddingForm[] = [
  embedding('::ffff:0:0/96', 'an IPv4-mapped IPv6 address', 0n, true),
  embedding('::/96', 'a deprecated IPv4-compatible IPv6 address', 0n, false),
  embedding('64:ff9b::/96', 'a NAT64 address', 0n, true),
  embedding('2002::/16', 'a 6to4 address', 80n, true),
];

function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

function findRange(ranges: KnownRange[], address: IpAddress): KnownRange | undefined {
  return ranges.find((known) => ipRangeContains(known, address));
}

function findIpv4Range(value: bigint): KnownRange | undefined {
  const address: IpAddress = { version: 4, value };
  return findRange(METADATA, address) ?? findRange(IPV4_RANGES, address);
}

function classifyIpv4(text: string, value: bigint): IpAddressClassification {
  const known = findIpv4Range(value);
  if (!known) return { category: 'public' };
  const canonical = formatIpv4(value);
  const shown = text === canonical ? text : `${text} (${canonical})`;
  return { category: known.category, reason: `${shown} is ${known.description}` };
}

function classifyIpv6(text: string, address: IpAddress): IpAddressClassification {
  const known = findRange(METADATA, address) ?? findRange(IPV6_RANGES, address);
  if (known) return { category: known.category, reason: `${text} is ${known.description}` };
  const form = EMBEDDINGS.find((candidate) => ipRangeContains(candidate, address));
  if (form) {
    const ipv4 = (address.value >> form.shift) & 0xffffffffn;
    const inner = findIpv4Range(ipv4);
    if (inner)
      return { category: inner.category, reason: `${text} is ${form.name} for ${formatIpv4(ipv4)}, ${inner.description}` };
    if (!form.routable) return { category: 'reserved', reason: `${text} is ${form.name}` };
    return { category: 'public' };
  }
  if (!ipRangeContains(GLOBAL_UNICAST, address)) {
    return { category: 'reserved', reason: `${text} is a reserved address, outside global unicast (2000::/3)` };
  }
  return { category: 'public' };
}

/**
 * Whether an address may be a provider: `public`, or the category that refuses it with a reason
 * a person can act on ("127.0.0.1 is a loopback address (127.0.0.0/8)"). Takes IPv4 in any
 * spelling a resolver accepts and IPv6 with or without brackets; the IPv6 spellings of an IPv4
 * address (mapped, compatible, NAT64, 6to4) are judged by the IPv4 address they carry.
 */
export function classifyIpAddress(text: string): IpAddressClassification {
  if (/^\[?[0-9a-f:.]*%/i.test(text)) {
    return { category: 'scoped', reason: `${text} has a zone id; a scoped address names an interface of this machine` };
  }
  const address = parseIpAddress(text);
  if (!address) return { category: 'invalid', reason: `${text} is not an IP address` };
  return address.version === 4 ? classifyIpv4(text, address.value) : classifyIpv6(text, address);
}
