import { isIP } from 'node:net';
import { classifyIpAddress } from './classify-ip-address';
import { type IpAddress, parseIpAddress } from './ip-address';
import { type IpRange, ipRangeContains } from './ip-range';

/** One `EGRESS_ALLOWED_HOSTS` entry. `port` undefined: every port. */
export type AllowedHost =
  | { kind: 'name'; entry: string; name: string; port: number | undefined }
  | { kind: 'address'; entry: string; address: IpAddress; port: number | undefined }
  | { kind: 'range'; entry: string; range: IpRange };

/** Which destinations the operator allows beyond public https hosts (a local Ollama or vLLM). */
export interface EgressPolicy {
  allowedHosts: AllowedHost[];
}

export class EgressPolicyError extends Error {
  constructor(entry: string, problem: string) {
    super(`EGRESS_ALLOWED_HOSTS entry '${entry}' ${problem}.`);
    this.name = 'EgressPolicyError';
  }
}

const FORM = 'must be host, host:port, [IPv6]:port or a CIDR such as 10.0.0.0/8';
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** Names compare without case or the trailing dot of a fully qualified name. */
function normalizeName(host: string): string {
  const lower = host.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** An IPv4-mapped IPv6 address is the IPv4 address, so `10.0.0.0/8` also covers `::ffff:10.0.0.5`. */
function unwrapMapped(address: IpAddress): IpAddress {
  if (address.version === 6 && address.value >> 32n === 0xffffn) return { version: 4, value: address.value & 0xffffffffn };
  return address;
}

function parsePort(entry: string, text: string): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port < 1 || port > 65_535)
    throw new EgressPolicyError(entry, `has port '${text}'; a port is 1 to 65535`);
  return port;
}

function parseRange(entry: string): AllowedHost {
  const [addressText = '', prefixText = ''] = entry.split('/');
  if (addressText.includes('%')) throw new EgressPolicyError(entry, 'has a zone id; zone ids are not allowed');
  const version = isIP(addressText);
  if (version === 0) throw new EgressPolicyError(entry, `${FORM}; '${addressText}' is not an IP address`);
  const address = parseIpAddress(addressText)!;
  const bits = version === 4 ? 32 : 128;
  const prefixLength = Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText) || prefixLength > bits) {
    throw new EgressPolicyError(entry, `has prefix length '${prefixText}'; an IPv${version} prefix length is 0 to ${bits}`);
  }
  const range: IpRange = { ...address, prefixLength };
  const hostBits = BigInt(bits - prefixLength);
  if ((address.value >> hostBits) << hostBits !== address.value) {
    // A typo such as 10.0.0.1/8 more likely means a single host than the whole block: ask.
    throw new EgressPolicyError(entry, 'has bits set after the prefix; write the first address of the block');
  }
  return { kind: 'range', entry, range };
}

function parseBracketed(entry: string): AllowedHost {
  const match = /^\[([^\]]*)\](?::(.*))?$/.exec(entry);
  if (!match) throw new EgressPolicyError(entry, FORM);
  const [, addressText = '', portText] = match;
  if (addressText.includes('%')) throw new EgressPolicyError(entry, 'has a zone id; zone ids are not allowed');
  if (isIP(addressText) !== 6) throw new EgressPolicyError(entry, `${FORM}; '${addressText}' is not an IPv6 address`);
  const port = portText === undefined ? undefined : parsePort(entry, portText);
  return { kind: 'address', entry, address: unwrapMapped(parseIpAddress(addressText)!), port };
}

function parseHostAndPort(entry: string): AllowedHost {
  const [hostText = '', portText, ...rest] = entry.split(':');
  if (rest.length > 0)
    throw new EgressPolicyError(entry, `${FORM}; an IPv6 address with a port needs brackets, as in [::1]:11434`);
  if (hostText.includes('*')) throw new EgressPolicyError(entry, 'has a wildcard; list each host');
  if (/[\s/?#@\\%[\]]/.test(hostText) || hostText === '') throw new EgressPolicyError(entry, FORM);
  const port = portText === undefined ? undefined : parsePort(entry, portText);
  // The URL parser canonicalises the host exactly as it will for base URLs: case, IDN to
  // punycode, and IPv4 spellings such as 2130706433 or 127.1 to dotted decimal.
  let host: string;
  try {
    host = new URL(`http://${hostText}/`).hostname;
  } catch {
    throw new EgressPolicyError(entry, `${FORM}; '${hostText}' is not a valid host name`);
  }
  if (isIP(host) === 4) return { kind: 'address', entry, address: parseIpAddress(host)!, port };
  const name = normalizeName(host);
  if (name.length > 253 || !name.split('.').every((label) => LABEL.test(label))) {
    throw new EgressPolicyError(entry, `${FORM}; '${hostText}' is not a valid host name`);
  }
  return { kind: 'name', entry, name, port };
}

function parseEntry(entry: string): AllowedHost {
  if (entry.includes('://')) throw new EgressPolicyError(entry, `is a URL; write only the host, such as localhost:11434`);
  if (entry.includes('/')) return parseRange(entry);
  if (entry.startsWith('[')) return parseBracketed(entry);
  if (entry.includes('%') && isIP(entry) === 6) throw new EgressPolicyError(entry, 'has a zone id; zone ids are not allowed');
  if (isIP(entry) === 6) return { kind: 'address', entry, address: unwrapMapped(parseIpAddress(entry)!), port: undefined };
  return parseHostAndPort(entry);
}

/**
 * Reads `EGRESS_ALLOWED_HOSTS`: comma-separated `host`, `host:port`, `[IPv6]:port`, bare IPv6 or
 * CIDR entries (`10.0.0.0/8`, `fd00::/8`). A host without a port allows every port. Unset or
 * empty allows nothing beyond public https hosts. Throws EgressPolicyError on a malformed entry
 * so a typo stops startup instead of silently opening or closing a route.
 */
export function parseAllowedHosts(value: string | undefined): AllowedHost[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map(parseEntry);
}

function portMatches(allowed: number | undefined, port: number | undefined): boolean {
  return allowed === undefined || port === undefined || allowed === port;
}

/**
 * Whether the operator allows `host` (a URL hostname: a name, dotted IPv4 or bracketed IPv6) on
 * `port`. Pass `port` undefined only where it cannot be known (a DNS lookup, which never sees the
 * port): then an entry for any port counts, and the port is enforced where the URL is checked.
 * A CIDR never covers a cloud metadata address: allowing 100.64.0.0/10 for a Tailscale network
 * must not open Alibaba's 100.100.100.200; only an exact entry does.
 */
export function isHostAllowed(policy: EgressPolicy, host: string, port: number | undefined): boolean {
  const parsed = parseIpAddress(host);
  if (!parsed) {
    const name = normalizeName(host);
    return policy.allowedHosts.some(
      (allowed) => allowed.kind === 'name' && allowed.name === name && portMatches(allowed.port, port),
    );
  }
  const address = unwrapMapped(parsed);
  const isMetadata = classifyIpAddress(host).category === 'cloud-metadata';
  return policy.allowedHosts.some((allowed) => {
    if (allowed.kind === 'address') {
      return (
        allowed.address.version === address.version && allowed.address.value === address.value && portMatches(allowed.port, port)
      );
    }
    return allowed.kind === 'range' && !isMetadata && ipRangeContains(allowed.range, address);
  });
}
