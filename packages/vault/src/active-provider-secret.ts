import type { LoadedProviderKeyStatus } from './provider-key-transitions';

/** A decrypted provider key, for the gateway's in-memory key cache only. */
export interface ActiveProviderSecret {
  keyId: string;
  providerId: string;
  name: string;
  secret: string;
  /** active serves; suspect serves only when its provider has nothing else; out_of_credit waits on its probe. */
  status: LoadedProviderKeyStatus;
  /** The provider's endpoints when the key was loaded: the only ones it may be sent to. */
  endpoints: { baseUrl: string; anthropicBaseUrl: string | null };
}
