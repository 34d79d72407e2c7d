import type { CatalogProvider } from '@switchboard/protocol';

/**
 * What a probe of one provider key found: `accepted` (the provider answered 2xx), `refused` (it
 * answered 401), `out_of_credit` (402: the account behind the key has no credit) or
 * `inconclusive` (anything else: a timeout, a 5xx, a 403 on the models list), which says nothing
 * about the key.
 */
export type KeyProbeVerdict = 'accepted' | 'refused' | 'out_of_credit' | 'inconclusive';

/**
 * `key` asks whether the key is accepted (the models list where there is one, which costs
 * nothing); `credit` whether its account can pay (a one-token completion: DeepSeek lists models
 * for an empty account, so only a completion says whether the balance is back).
 */
export type KeyProbePurpose = 'key' | 'credit';

export type KeyProbe = (provider: CatalogProvider, secret: string, purpose: KeyProbePurpose) => Promise<KeyProbeVerdict>;
