/** What release() needs to know about an admission, carried in its id so no lookup state is kept. */
export interface Admission {
  keyId: string;
  /** The concurrency lease, or null when the admission took none (no token or concurrency limit). */
  leaseId: string | null;
  /** Tokens charged at admission, to correct against the actual count. */
  chargedTokens: number;
  /** The 100 ms token bucket they were charged to (token-window.ts); 0 when none were. */
  tokenBucket: number;
  /** The team admitted with the key (same lease id), and the tokens charged to it. */
  team?: { teamId: string; chargedTokens: number };
}

// Key ids are `key_` and base62, lease ids base62: neither holds a dot.
const separator = '.';
const integer = /^(0|[1-9][0-9]{0,15})$/;

export function encodeAdmissionId(admission: Admission): string {
  const base = `${admission.keyId}${separator}${admission.leaseId ?? '-'}${separator}${admission.chargedTokens}${separator}${admission.tokenBucket}`;
  const team = admission.team;
  return team ? `${base}${separator}${team.teamId}${separator}${team.chargedTokens}` : base;
}

/** The admission an id stands for, or undefined for text no limiter produced. */
export function decodeAdmissionId(text: string): Admission | undefined {
  const parts = text.split(separator);
  if (parts.length !== 4 && parts.length !== 6) return undefined;
  const [keyId, leaseId, chargedText, bucketText, teamId, teamChargedText] = parts as string[];
  if (keyId === '' || leaseId === '' || !integer.test(chargedText!) || !integer.test(bucketText!)) return undefined;
  const admission: Admission = {
    keyId: keyId!,
    leaseId: leaseId === '-' ? null : leaseId!,
    chargedTokens: Number(chargedText),
    tokenBucket: Number(bucketText),
  };
  if (parts.length === 6) {
    if (teamId === '' || !integer.test(teamChargedText!)) return undefined;
    admission.team = { teamId: teamId!, chargedTokens: Number(teamChargedText) };
  }
  return admission;
}
