import { createHash } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import type { UpstreamHttp } from '../provider-adapter';
import { UpstreamProtocolError } from '../upstream-protocol-error';
import type { VertexServiceAccount } from './vertex-service-account';

export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
/** A token is replaced this long before it expires, so none expires on its way to Google. */
const REFRESH_MARGIN_MS = 5 * 60_000;
const MAXIMUM_CACHED_KEYS = 1_000;

interface CachedToken {
  accessToken: string;
  expiresAt: number;
}

/** The OAuth token exchange failed: retryable like a refused key (the next key or provider may serve). */
export class VertexTokenError extends Error {
  readonly code = 'VERTEX_TOKEN_EXCHANGE';
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
    this.name = 'VertexTokenError';
  }
}

/**
 * OAuth access tokens for service-account keys (Google's "JWT bearer" grant): a JWT signed RS256
 * with the key's private key, scope cloud-platform, audience the key's `token_uri`, exchanged
 * there for an access token through the gateway's own HTTP (egress guard, simulator). One token
 * per key (by the key's hash, never the key itself), kept until five minutes before it expires;
 * concurrent requests for the same key share one exchange.
 */
export class VertexAccessTokens {
  private readonly tokens = new Map<string, CachedToken>();
  private readonly pending = new Map<string, Promise<CachedToken>>();

  constructor(private readonly now: () => number = Date.now) {}

  async tokenFor(secret: string, account: VertexServiceAccount, http: UpstreamHttp): Promise<string> {
    const cacheKey = createHash('sha256').update(secret).digest('hex');
    const cached = this.tokens.get(cacheKey);
    if (cached && cached.expiresAt - REFRESH_MARGIN_MS > this.now()) return cached.accessToken;
    let exchange = this.pending.get(cacheKey);
    if (!exchange) {
      exchange = this.exchange(account, http).finally(() => this.pending.delete(cacheKey));
      this.pending.set(cacheKey, exchange);
    }
    const token = await exchange;
    if (this.tokens.size >= MAXIMUM_CACHED_KEYS) this.tokens.clear();
    this.tokens.set(cacheKey, token);
    return token.accessToken;
  }

  /** Forgets a key's token (the upstream answered 401 with it). */
  forget(secret: string): void {
    this.tokens.delete(createHash('sha256').update(secret).digest('hex'));
  }

  private async exchange(account: VertexServiceAccount, http: UpstreamHttp): Promise<CachedToken> {
    let privateKey: Awaited<ReturnType<typeof importPKCS8>>;
    try {
      privateKey = await importPKCS8(account.privateKey, 'RS256');
    } catch {
      throw new VertexTokenError('The service-account key holds a private key that cannot be read as RSA PKCS#8.', undefined);
    }
    const issuedAt = Math.floor(this.now() / 1000);
    const assertion = await new SignJWT({ scope: CLOUD_PLATFORM_SCOPE })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(account.privateKeyId ? { kid: account.privateKeyId } : {}) })
      .setIssuer(account.clientEmail)
      .setSubject(account.clientEmail)
      .setAudience(account.tokenUri)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + 3600)
      .sign(privateKey);
    const body = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString();
    const answer = await http({
      url: account.tokenUri,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
    });
    if (answer.status < 200 || answer.status >= 300) {
      throw new VertexTokenError(
        `The OAuth token exchange answered ${answer.status}: ${tokenErrorText(answer.body)}`,
        answer.status,
      );
    }
    let parsed: { access_token?: unknown; expires_in?: unknown };
    try {
      parsed = JSON.parse(answer.body) as typeof parsed;
    } catch {
      throw new UpstreamProtocolError('The OAuth token endpoint answered with a body that is not JSON');
    }
    if (typeof parsed.access_token !== 'string' || parsed.access_token.length === 0) {
      throw new UpstreamProtocolError('The OAuth token endpoint answered without an access_token');
    }
    const lifetime = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : 3600;
    return { accessToken: parsed.access_token, expiresAt: this.now() + lifetime * 1000 };
  }
}

/** Google's `{"error": "invalid_grant", "error_description": "..."}`, shortened; never the assertion. */
function tokenErrorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown; error_description?: unknown };
    const parts = [parsed.error, parsed.error_description].filter((part) => typeof part === 'string');
    if (parts.length > 0) return parts.join(': ').slice(0, 300);
  } catch {
    // Not JSON.
  }
  return 'no readable reason';
}
