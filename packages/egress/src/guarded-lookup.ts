import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { classifyIpAddress } from './classify-ip-address';
import { EgressBlockedError } from './egress-blocked-error';
import { type EgressPolicy, isHostAllowed } from './egress-policy';

/** The `dns.lookup` shape the guard needs: every address of a name. */
export type ResolveAll = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

function findBlockedAddress(
  policy: EgressPolicy,
  hostname: string,
  port: number | undefined,
  addresses: LookupAddress[],
): EgressBlockedError | undefined {
  for (const { address } of addresses) {
    const classification = classifyIpAddress(address);
    // An allowed address (say 10.0.0.0/8 for a vLLM box) may be reached under any name.
    if (classification.category === 'public' || isHostAllowed(policy, address, port)) continue;
    const hint =
      classification.category === 'cloud-metadata' ? '' : ` Add ${hostname} to EGRESS_ALLOWED_HOSTS to allow a local server.`;
    return new EgressBlockedError(
      `Egress to ${hostname} is blocked (${classification.category}): its address ${classification.reason}.${hint}`,
      hostname,
      classification.category,
    );
  }
  return undefined;
}

/**
 * A `lookup` for net/tls connect (undici: `connect: { lookup }`) that refuses names resolving to
 * non-public addresses, so the check happens at every connection and DNS rebinding (public when
 * saved, 10.0.0.5 now) is caught. It resolves ALL addresses and refuses if any is bad, since the
 * socket may try each. The error has code EGRESS_BLOCKED. `port` (the pool's origin port), when
 * given, narrows which EGRESS_ALLOWED_HOSTS entries count; the lookup itself never sees it.
 */
export function createGuardedLookup(policy: EgressPolicy, resolve: ResolveAll = dnsLookup, port?: number): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    const skipChecks = isHostAllowed(policy, hostname, port);
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, options.all ? [] : '', undefined);
      const refusal = skipChecks ? undefined : findBlockedAddress(policy, hostname, port, addresses);
      if (refusal) return callback(refusal, options.all ? [] : '', undefined);
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) {
        const notFound: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
        notFound.code = 'ENOTFOUND';
        return callback(notFound, '', undefined);
      }
      callback(null, first.address, first.family);
    });
  };
}
