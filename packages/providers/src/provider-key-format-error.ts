/**
 * A provider key that is not in its wire format's shape (a Bedrock key pair, a Vertex
 * service-account JSON). The message says what is wrong and never repeats the key: the admin API
 * answers it as a 400 when the key is saved, an attempt with such a key fails over to the next.
 */
export class ProviderKeyFormatError extends Error {
  readonly code = 'PROVIDER_KEY_FORMAT';
  constructor(message: string) {
    super(message);
    this.name = 'ProviderKeyFormatError';
  }
}
