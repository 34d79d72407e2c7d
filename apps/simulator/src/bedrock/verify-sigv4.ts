import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The simulator's test key pair: AWS's documented example credentials, never a real key. */
export const TEST_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
export const TEST_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
const MAXIMUM_SKEW_MS = 15 * 60_000;

export interface SigV4Refusal {
  /** Bedrock answers every signature problem 403, naming the exception. */
  type: 'MissingAuthenticationTokenException' | 'UnrecognizedClientException' | 'InvalidSignatureException';
  message: string;
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

// RFC 3986 encoding, as SigV4 wants it (encodeURIComponent leaves !'()* alone).
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Checks an AWS Signature Version 4 the way AWS does, written here with node:crypto from AWS's
 * published algorithm, independently of the signer the gateway uses, so a test passing means two
 * implementations agree: the canonical request (method, the path with every segment encoded
 * once more, as for every service but S3, the query, the signed headers, the body's SHA-256),
 * the string to sign over the credential scope, and the HMAC chain from the test secret key.
 */
export function verifySigV4(
  method: string,
  rawPath: string,
  query: string,
  headers: IncomingHttpHeaders,
  body: string,
  now = Date.now(),
): SigV4Refusal | undefined {
  const authorization = headers.authorization;
  if (typeof authorization !== 'string')
    return { type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' };
  const match = AUTHORIZATION.exec(authorization);
  if (match === null) {
    return {
      type: 'InvalidSignatureException',
      message: 'Authorization header requires Credential, SignedHeaders and Signature.',
    };
  }
  const [, accessKeyId, day, region, service, signedHeaderList, signature] = match as unknown as string[];
  if (accessKeyId !== TEST_ACCESS_KEY_ID) {
    return { type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' };
  }
  const amzDate = headers['x-amz-date'];
  if (typeof amzDate !== 'string' || !/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== day) {
    return {
      type: 'InvalidSignatureException',
      message: 'The x-amz-date header is missing or does not match the credential date.',
    };
  }
  const signedAt = Date.parse(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13)}`,
  );
  if (!Number.isFinite(signedAt) || Math.abs(now - signedAt) > MAXIMUM_SKEW_MS) {
    return { type: 'InvalidSignatureException', message: 'Signature expired: the request time is too far from the server time.' };
  }
  const signedHeaders = signedHeaderList!.split(';');
  if (!signedHeaders.includes('host') || !signedHeaders.includes('x-amz-date')) {
    return { type: 'InvalidSignatureException', message: "'Host' and 'X-Amz-Date' must be signed headers." };
  }
  const payloadHash = sha256Hex(Buffer.from(body, 'utf8'));
  const claimedHash = headers['x-amz-content-sha256'];
  if (typeof claimedHash === 'string' && claimedHash !== payloadHash) {
    return {
      type: 'InvalidSignatureException',
      message: 'The provided x-amz-content-sha256 header does not match what was computed.',
    };
  }
  const canonicalHeaders = signedHeaders
    .map((name) => {
      const value = headers[name];
      const text = Array.isArray(value) ? value.join(',') : (value ?? '');
      return `${name}:${text.trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  const canonicalQuery = [...new URLSearchParams(query)]
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const canonicalPath = rawPath
    .split('/')
    .map((segment) => uriEncode(segment))
    .join('/');
  const canonicalRequest = [method, canonicalPath, canonicalQuery, canonicalHeaders, signedHeaderList, payloadHash].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${TEST_SECRET_ACCESS_KEY}`, day!), region!), service!), 'aws4_request');
  const expected = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  if (expected !== signature) {
    return {
      type: 'InvalidSignatureException',
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    };
  }
  return undefined;
}
