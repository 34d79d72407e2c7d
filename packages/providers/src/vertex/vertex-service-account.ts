import { ProviderKeyFormatError } from '../provider-key-format-error';

/** The fields of a Google service-account JSON key that the token exchange uses. */
export interface VertexServiceAccount {
  clientEmail: string;
  privateKey: string;
  privateKeyId?: string;
  tokenUri: string;
  projectId?: string;
}

/**
 * A Vertex key is the service account's JSON key file as Google Cloud downloads it, stored
 * whole as the secret. It must be a `service_account` with `client_email`, a PKCS#8
 * `private_key` and an http(s) `token_uri`; the message of a refusal never repeats the key.
 */
export function parseVertexServiceAccount(secret: string): VertexServiceAccount {
  // Read on every request (URL, token, redaction): a key is parsed once, not three times a request.
  const known = parsedKeys.get(secret);
  if (known) return known;
  const account = parseKey(secret);
  if (parsedKeys.size >= MAXIMUM_PARSED_KEYS) parsedKeys.clear();
  parsedKeys.set(secret, account);
  return account;
}

const MAXIMUM_PARSED_KEYS = 256;
const parsedKeys = new Map<string, VertexServiceAccount>();

function parseKey(secret: string): VertexServiceAccount {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secret);
  } catch {
    throw keyError('it is not JSON (give the service account key file as downloaded)');
  }
  const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  if (record.type !== 'service_account') throw keyError('"type" must be "service_account"');
  const { client_email, private_key, private_key_id, token_uri, project_id } = record;
  if (typeof client_email !== 'string' || !client_email.includes('@')) throw keyError('"client_email" is missing');
  if (typeof private_key !== 'string' || !private_key.includes('-----BEGIN PRIVATE KEY-----')) {
    throw keyError('"private_key" must be a PEM PKCS#8 private key');
  }
  const tokenUri = typeof token_uri === 'string' ? token_uri : 'https://oauth2.googleapis.com/token';
  if (!/^https?:\/\//.test(tokenUri)) throw keyError('"token_uri" must be an http(s) URL');
  return {
    clientEmail: client_email,
    privateKey: private_key,
    tokenUri,
    ...(typeof private_key_id === 'string' ? { privateKeyId: private_key_id } : {}),
    ...(typeof project_id === 'string' ? { projectId: project_id } : {}),
  };
}

/**
 * The pieces of a service-account key the redactor looks for: the private key as a whole, its
 * base64 body and each of its lines (an upstream quoting a part of it), and the key id.
 */
export function vertexSecretPieces(secret: string): string[] {
  let account: VertexServiceAccount;
  try {
    account = parseVertexServiceAccount(secret);
  } catch {
    return [];
  }
  const lines = account.privateKey.split('\n').filter((line) => line.length >= 16 && !line.startsWith('-----'));
  return [account.privateKey, lines.join(''), ...lines, ...(account.privateKeyId ? [account.privateKeyId] : [])];
}

function keyError(reason: string): ProviderKeyFormatError {
  return new ProviderKeyFormatError(`This is not a Vertex service-account key: ${reason}.`);
}
