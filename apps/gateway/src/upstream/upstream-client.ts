import { createGuardedLookup, EgressBlockedError, type EgressPolicy, validateProviderBaseUrl } from '@switchboard/egress';
import type { AdapterTarget, ProviderAdapter, UpstreamHttp, UpstreamRequest } from '@switchboard/providers';
import type { Dispatcher } from 'undici';
import { Pool } from 'undici';
import { CancelSignal } from '../http/cancel-signal';
import type { UpstreamTimeouts } from './upstream-timeouts';
import { WholeAnswerCollector } from './whole-answer-collector';

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
/** A credential call (an OAuth token exchange) waits no longer than this. */
const CREDENTIAL_CALL_TIMEOUT_MS = 10_000;
/** The most of a credential call's answer that is read (a token answer is a few hundred bytes). */
const CREDENTIAL_ANSWER_LIMIT = 64 * 1024;

/** 16 MiB: far beyond any real chat answer, small enough that a hostile one cannot exhaust memory. */
export const DEFAULT_WHOLE_ANSWER_LIMIT = 16 * 1024 * 1024;

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
    /** The largest whole 2xx answer read (bytes); larger ones fail while being read. */
    private readonly answerLimit = DEFAULT_WHOLE_ANSWER_LIMIT,
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
   * answer whose body breaks still reports its status. A 2xx body past the answer limit rejects
   * with UpstreamAnswerTooLargeError the moment it crosses it, and the connection is dropped.
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
      pool.dispatch(
        {
          path: target.path,
          method: request.method,
          headers: mergedHeaders(request.headers, extraHeaders),
          body: request.body,
          headersTimeout: this.timeouts.firstByteMs,
          bodyTimeout: this.timeouts.idleMs,
        },
        new WholeAnswerCollector(
          signal,
          errorBodyLimit,
          resolve,
          reject,
          this.answerLimit,
        ) as unknown as Dispatcher.DispatchHandler,
      );
    });
  }

  /**
   * The adapter's credential step on a request it built (Bedrock's SigV4 signature, Vertex's
   * OAuth token), given this client as its HTTP: a token exchange goes through the same pools
   * and egress guard as the request it authorises. A request of an adapter without one goes as built.
   */
  async authorize(adapter: ProviderAdapter, target: AdapterTarget, request: UpstreamRequest): Promise<UpstreamRequest> {
    if (adapter.authorize === undefined) return request;
    return adapter.authorize(request, target, this.credentialHttp);
  }

  private readonly credentialHttp: UpstreamHttp = async (request) => {
    const signal = new CancelSignal();
    const timer = setTimeout(() => signal.abort(new Error('the credential call timed out')), CREDENTIAL_CALL_TIMEOUT_MS);
    try {
      const answer = await this.sendForText(request, signal, {}, CREDENTIAL_ANSWER_LIMIT);
      return { status: answer.statusCode, body: answer.text };
    } finally {
      clearTimeout(timer);
    }
  };

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
