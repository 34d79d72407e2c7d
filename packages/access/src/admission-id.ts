/** What release() needs to know about an admission, carried in its id so no lookup state is kept. */
export interface Admission {
  keyId: string;
  /** The concurrency lease, or null when the admission took none (no token or concurrency limit). */
  leaseId: string | null;
  /** Tokens charged at admission, to correct against the actual count. */
  chargedTokens: number;
}

// Key ids are `key_` and base62, lease ids base62: neither holds a dot.
const separator = '.';

export function encodeAdmissionId(admission: Admission): string {
  return `${admission.keyId}${separator}${admission.leaseId ?? '-'}${separator}${admission.chargedTokens}`;
}

/** The admission an id stands for, or undefined for text no limiter produced. */
export function decodeAdmissionId(text: string): Admission | undefined {
  const charged = text.lastIndexOf(separator);
  const lease = text.lastIndexOf(separator, charged - 1);
  if (lease <= 0 || text.lastIndexOf(separator, lease - 1) >= 0) return undefined;
  const chargedText = text.slice(charged + 1);
  if (!/^(0|[1-9][0-9]{0,15})$/.test(chargedText)) return undefined;
  const leaseId = text.slice(lease + 1, charged);
  if (leaseId === '') return undefined;
  return { keyId: text.slice(0, lease), leaseId: leaseId === '-' ? null : leaseId, chargedTokens: Number(chargedText) };
}
