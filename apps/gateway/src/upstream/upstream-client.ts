import type { UpstreamRequest } from '@switchboard/providers';
import type { Dispatcher } from 'undici';
import { Pool } from 'undici';
import { createGuardedLookup, EgressBlockedError, type EgressPolicy, validateProviderBaseUrl } from '../egress';
import type { CancelSignal } from '../http/cancel-signal';
import type { UpstreamTimeouts } from './upstream-timeouts';

/** A whole upstream answer, read to its end (an error body at most to the limit asked for). */
export interface UpstreamTextResponse {
  statusCode: number;
  /** Only what the gateway reads of a failed answer's headers. */
  retryAfter: string | undefined;
  text: string;
}

export interface UpstreamResponse {
  statusCode: number;
  headers: Dispatcher.ResponseData['headers'];
  body: Dispatcher.ResponseData['body'];
}

const MAXIMUM_CACHED_TARGETS = 1_000;

/** The first value of a response header in undici's raw `[name, value, ...]` list. */
function headerValue(rawHeaders: Buffer[], wanted: string): string | undefined {
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    if (rawHeaders[index]!.toString('latin1').toLowerCase() === wanted) return rawHeaders[index + 1]!.toString('latin1');
  }
  return undefined;
}

/**
 * The adapter's headers and the gateway's (which win on a clash), as the flat `[name, value, ...]`
 * list undici takes as is: cheaper than a merged object that undici then walks again.
 */
function mergedHeaders(headers: Record<string, string>, extra: Record<string, string>): string[] {
  const merged: string[] = [];
  for (const name in headers) if (!Object.hasOwn(extra, name)) merged.push(name, headers[name]!);
  for (const name in extra) merged.push(name, extra[name]!);
  return merged;
}

/**
 * One keep-alive undici Pool per upstream origin. Global fetch would re-resolve, allocate web
 * streams and share one pool for all origins; a Pool per origin keeps sockets warm and lets
 * timeouts be set per request. Redirects are never followed: a provider key only ever goes to
 * the origin it was configured for. Every connection passes the egress guard: literal addresses
 * when the pool is made, names at each DNS lookup (so rebinding to a private address is caught).
 */
export class UpstreamClient {
  private readonly pools = new Map<string, Pool>();
  private readonly targets = new Map<string, { origin: string; path: string }>();

  constructor(
    private readonly timeouts: UpstreamTimeouts,
    private readonly egress: EgressPolicy,
    private readonly connectionsPerOrigin = 256,
  ) {}

  async send(
    request: UpstreamRequest,
    signal: AbortSignal | CancelSignal,
    extraHeaders?: Record<string, string>,
  ): Promise<UpstreamResponse> {
    const target = this.targetFor(request.url);
    const pool = this.poolFor(target.origin);
    const response = await pool.request({
      path: target.path,
      method: request.method,
      headers: extraHeaders ? mergedHeaders(request.headers, extraHeaders) : request.headers,
      body: request.body,
      signal,
      headersTimeout: this.timeouts.firstByteMs,
      bodyTimeout: this.timeouts.idleMs,
    });
    return { statusCode: response.statusCode, headers: response.headers, body: response.body };
  }

  /**
   * Sends a request whose whole answer is wanted as text (whole chat completions, embeddings).
   * It goes through undici's dispatch with a handler that collects the chunks, rather than
   * `request()` and `body.text()`: no response stream, no header object, no consume machinery,
   * ~3-4 µs less CPU per request in a measurement. Semantics match `send` and `readErrorBody`:
   * the signal aborts at any time, a UTF-8 byte order mark is skipped as `text()` does, a non-2xx
   * body is cut at `errorBodyLimit` characters (the connection is dropped past it) and a non-2xx
   * answer whose body breaks still reports its status.
   */
  sendForText(
    request: UpstreamRequest,
    signal: CancelSignal,
    extraHeaders: Record<string, string>,
    errorBodyLimit: number,
  ): Promise<UpstreamTextResponse> {
    const target = this.targetFor(request.url);
    const pool = this.poolFor(target.origin);
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let length = 0;
      let statusCode = 0;
      let retryAfter: string | undefined;
      let abortRequest: ((reason: unknown) => void) | undefined;
      let finished = false;
      const onAbort = () => abortRequest?.(signal.reason);
      const finish = () => {
        finished = true;
        signal.off('abort', onAbort);
      };
      const text = () => {
        if (length === 0) return '';
        const buffer = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
        const start = buffer.length > 2 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
        return buffer.toString('utf8', start);
      };
      const failed = () => statusCode !== 0 && (statusCode < 200 || statusCode >= 300);
      signal.once('abort', onAbort);
      pool.dispatch(
        {
          path: target.path,
          method: request.method,
          headers: mergedHeaders(request.headers, extraHeaders),
          body: request.body,
          headersTimeout: this.timeouts.firstByteMs,
          bodyTimeout: this.timeouts.idleMs,
        },
        {
          onConnect: (abort: (reason: unknown) => void) => {
            if (signal.aborted) abort(signal.reason);
            else abortRequest = abort;
          },
          onHeaders: (status: number, rawHeaders: Buffer[]) => {
            // 1xx interim answers are not the response.
            if (status < 200) return true;
            statusCode = status;
            if (failed()) retryAfter = headerValue(rawHeaders, 'retry-after');
            return true;
          },
          onData: (chunk: Buffer) => {
            if (finished) return true;
            chunks.push(chunk);
            length += chunk.length;
            if (failed() && length > errorBodyLimit * 4) {
              // Enough of a hostile error body (a character is at most 4 UTF-8 bytes): drop the rest.
              finish();
              resolve({ statusCode, retryAfter, text: text().slice(0, errorBodyLimit) });
              abortRequest?.(new Error('upstream error body too large'));
            }
            return true;
          },
          onComplete: () => {
            if (finished) return;
            finish();
            const body = text();
            resolve({ statusCode, retryAfter, text: failed() ? body.slice(0, errorBodyLimit) : body });
          },
          onError: (error: Error) => {
            if (finished) return;
            finish();
            // A failed answer keeps its status even when its body breaks, as readErrorBody does.
            if (failed()) resolve({ statusCode, retryAfter, text: text().slice(0, errorBodyLimit) });
            else reject(error);
          },
        } as unknown as Dispatcher.DispatchHandler,
      );
    });
  }

  /**
   * The origin and path of an upstream URL. Adapters build the same few URLs over and over, and
   * parsing one with `new URL` cost about a microsecond per request; bounded, since URLs with
   * per-request parts (Gemini's model in the path) would otherwise grow the cache forever.
   */
  private targetFor(url: string): { origin: string; path: string } {
    let target = this.targets.get(url);
    if (target === undefined) {
      const parsed = new URL(url);
      target = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
      if (this.targets.size >= MAXIMUM_CACHED_TARGETS) this.targets.clear();
      this.targets.set(url, target);
    }
    return target;
  }

  private poolFor(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      const url = new URL(origin);
      // The same rules as when an admin saves a base URL (https unless allowed, no internal
      // hosts), applied again here because built-in and config-file URLs never pass the admin API.
      const verdict = validateProviderBaseUrl(origin, this.egress);
      if (!verdict.ok)
        throw new EgressBlockedError(`Egress to ${url.host} is blocked: ${verdict.reason}`, url.hostname, 'internal-name');
      const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
      pool = new Pool(origin, {
        connections: this.connectionsPerOrigin,
        connect: { timeout: this.timeouts.connectMs, lookup: createGuardedLookup(this.egress, undefined, port) },
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 600_000,
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close().catch(() => pool.destroy())));
    this.pools.clear();
  }
}
