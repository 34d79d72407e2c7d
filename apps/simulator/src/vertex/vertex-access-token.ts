import { createHmac, randomBytes } from 'node:crypto';

// Tokens are minted and checked by this process alone: an HMAC over the expiry, so any
// simulator-issued token verifies without a table, and a made-up one does not.
const SIGNING_KEY = randomBytes(32);

/** A `ya29.`-style access token valid until `expiresAt` (Unix ms). */
export function mintVertexAccessToken(expiresAt: number): string {
  const mac = createHmac('sha256', SIGNING_KEY).update(String(expiresAt)).digest('base64url');
  return `ya29.sim.${expiresAt}.${mac}`;
}

/** Why a bearer token is refused, or undefined when this simulator issued it and it has not expired. */
export function vertexAccessTokenProblem(token: string, now = Date.now()): string | undefined {
  const [prefix, sim, expiry, mac] = token.split('.');
  if (prefix !== 'ya29' || sim !== 'sim' || expiry === undefined || mac === undefined) return 'not an access token';
  const expected = createHmac('sha256', SIGNING_KEY).update(expiry).digest('base64url');
  if (mac !== expected) return 'not an access token this server issued';
  if (Number(expiry) <= now) return 'the access token has expired';
  return undefined;
}
