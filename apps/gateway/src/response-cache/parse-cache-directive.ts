import { GatewayError } from '@switchboard/protocol';

/** The longest a response may be kept: a day. */
export const MAX_RESPONSE_CACHE_TTL_SECONDS = 86_400;

/** What `x-switchboard-cache` asks for. */
export type CacheDirective =
  | {
      kind: 'store';
      ttlSeconds: number;
      scope: 'key' | 'owner';
      /** From the key's setting, not the request: only requests with `temperature: 0` are cached. */
      deterministicOnly?: boolean;
    }
  | { kind: 'no-store' };

function invalid(value: string): GatewayError {
  return new GatewayError({
    status: 400,
    type: 'invalid_request_error',
    code: 'invalid_cache_directive',
    param: 'x-switchboard-cache',
    message: `x-switchboard-cache must be 'ttl=N' (1 to ${MAX_RESPONSE_CACHE_TTL_SECONDS} seconds, optionally with '; scope=team') or 'no-store'; got '${value.slice(0, 64)}'.`,
  });
}

/**
 * Parses `x-switchboard-cache`: `ttl=300` (seconds, at most a day), optionally `; scope=team` to
 * share answers between the keys of one owner (team), or `no-store`. Parts split on `;` or `,`.
 */
export function parseCacheDirective(header: string | string[] | undefined): CacheDirective | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header.join(',') : header;
  const parts = value
    .split(/[;,]/)
    .map((part) => part.trim().toLowerCase())
    .filter((part) => part.length > 0);
  if (parts.length === 1 && parts[0] === 'no-store') return { kind: 'no-store' };
  let ttlSeconds: number | undefined;
  let scope: 'key' | 'owner' = 'key';
  for (const part of parts) {
    const [name, setting] = part.split('=', 2).map((piece) => piece.trim());
    if (name === 'ttl' && setting !== undefined && /^\d{1,6}$/.test(setting)) ttlSeconds = Number(setting);
    else if (name === 'scope' && (setting === 'team' || setting === 'key')) scope = setting === 'team' ? 'owner' : 'key';
    else throw invalid(value);
  }
  if (ttlSeconds === undefined || ttlSeconds < 1 || ttlSeconds > MAX_RESPONSE_CACHE_TTL_SECONDS) throw invalid(value);
  return { kind: 'store', ttlSeconds, scope };
}
