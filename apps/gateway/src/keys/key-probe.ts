import type { CatalogProvider } from '@switchboard/protocol';

/**
 * What a probe of one provider key found: `accepted` (the provider answered 2xx), `refused` (it
 * answered 401 to the cheapest authenticated call) or `inconclusive` (anything else: a timeout,
 * a 5xx, a 403 on the models list), which says nothing about the key.
 */
export type KeyProbeVerdict = 'accepted' | 'refused' | 'inconclusive';

export type KeyProbe = (provider: CatalogProvider, secret: string) => Promise<KeyProbeVerdict>;
