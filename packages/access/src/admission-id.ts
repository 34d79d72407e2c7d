/** What release() needs to know about an admission, carried in its id so no lookup state is kept. */
export interface Admission {
  keyId: string;
  /** The concurrency lease, or null when the admission took none (no token or concurrency limit). */
  leaseId: string | null;
  /** Tokens charged at admission, to correct against the actual count. */
  chargedTokens: number;
  /** The 100 ms token bucket they were charged to (token-window.ts); 0 when none were. */
  tokenBucket: number;
}

// Key ids are `key_` and base62, lease ids base62: neither holds a dot.
const separator = '.';
const integer = /^(0|[1-9][0-9]{0,15})$/;

export function encodeAdmissionId(admission: Admission): string {
  return `${admission.keyId}${separator}${admission.leaseId ?? '-'}${separator}${admission.chargedTokens}${separator}${admission.tokenBucket}`;
}

/** The admission an id stands for, or undefined for text no limiter produced. */
export function decodeAdmissionId(text: string): Admission | undefined {
  const parts = text.split(separator);
  if (parts.length !== 4) return undefined;
  const [keyId, leaseId, chargedText, bucketText] = parts as [string, string, string, string];
  if (keyId === '' || leaseId === '' || !integer.test(chargedText) || !integer.test(bucketText)) return undefined;
  return {
    keyId,
    leaseId: leaseId === '-' ? null : leaseId,
    chargedTokens: Number(chargedText),
    tokenBucket: Number(bucketText),
  };
}
