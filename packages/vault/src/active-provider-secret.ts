/** A decrypted active provider key, for the gateway's in-memory key cache only. */
export interface ActiveProviderSecret {
  keyId: string;
  providerId: string;
  name: string;
  secret: string;
}
