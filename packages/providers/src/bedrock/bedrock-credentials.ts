import { ProviderKeyFormatError } from '../provider-key-format-error';

/** An AWS access key pair, with the session token of temporary (STS) credentials. */
export interface BedrockCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

// AWS access key ids are 16-128 upper-case letters and digits (AKIA... long-term, ASIA... STS).
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;

/**
 * The vault holds a Bedrock key as ONE secret, in either of two spellings:
 * `{"accessKeyId":"AKIA...","secretAccessKey":"...","sessionToken":"..."}` (the shape of AWS's own
 * credential objects) or `AKIA...:SECRET[:TOKEN]` (easy to put in an environment variable; none
 * of the three parts can contain a colon: ids are alphanumeric, secrets and tokens base64).
 * Anything else is refused with a message that never repeats the secret.
 */
export function parseBedrockCredentials(secret: string): BedrockCredentials {
  const trimmed = secret.trim();
  let credentials: BedrockCredentials;
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw bedrockKeyError('it starts with "{" but is not valid JSON');
    }
    const record = (parsed ?? {}) as Record<string, unknown>;
    const { accessKeyId, secretAccessKey, sessionToken } = record;
    if (typeof accessKeyId !== 'string' || typeof secretAccessKey !== 'string') {
      throw bedrockKeyError('the JSON needs string fields accessKeyId and secretAccessKey');
    }
    if (sessionToken !== undefined && (typeof sessionToken !== 'string' || sessionToken.length === 0)) {
      throw bedrockKeyError('sessionToken, when given, must be a non-empty string');
    }
    credentials = { accessKeyId, secretAccessKey, ...(typeof sessionToken === 'string' ? { sessionToken } : {}) };
  } else {
    const parts = trimmed.split(':');
    if (parts.length < 2 || parts.length > 3) throw bedrockKeyError('expected ACCESS_KEY_ID:SECRET_ACCESS_KEY[:SESSION_TOKEN]');
    const [accessKeyId, secretAccessKey, sessionToken] = parts as [string, string, string | undefined];
    if (sessionToken !== undefined && sessionToken.length === 0)
      throw bedrockKeyError('the session token after the second colon is empty');
    credentials = { accessKeyId, secretAccessKey, ...(sessionToken !== undefined ? { sessionToken } : {}) };
  }
  if (!ACCESS_KEY_ID.test(credentials.accessKeyId)) {
    throw bedrockKeyError('the access key id must be 16-128 upper-case letters and digits (AKIA... or ASIA...)');
  }
  if (credentials.secretAccessKey.length < 16 || /\s/.test(credentials.secretAccessKey)) {
    throw bedrockKeyError('the secret access key must be at least 16 characters without spaces');
  }
  return credentials;
}

/** The pieces of a Bedrock secret that must never reach a client or a log (for the redactor). */
export function bedrockSecretPieces(secret: string): string[] {
  try {
    const credentials = parseBedrockCredentials(secret);
    return [credentials.secretAccessKey, ...(credentials.sessionToken ? [credentials.sessionToken] : [])];
  } catch {
    return [];
  }
}

function bedrockKeyError(reason: string): ProviderKeyFormatError {
  return new ProviderKeyFormatError(`This is not a Bedrock key: ${reason}.`);
}
