import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type {
  PgliteQueryResult,
  PgliteRequest,
  PgliteResponse,
  PgliteWorkerOptions,
  SerializedError,
} from './pglite-worker-protocol';

type Pending = { resolve(result: PgliteQueryResult | undefined): void; reject(error: Error): void };
type RowMode = 'array' | 'object';
type RequestWithoutId = PgliteRequest extends infer Each ? (Each extends PgliteRequest ? Omit<Each, 'id'> : never) : never;

/** A failed query's error from the database thread, with its Postgres fields (code, constraint...). */
export class PgliteWorkerError extends Error {
  [field: string]: unknown;
}

function deserializeError(serialized: SerializedError): PgliteWorkerError {
  const error = new PgliteWorkerError(serialized.message);
  Object.assign(error, serialized.fields);
  error.name = serialized.name;
  return error;
}

/**
 * Where the worker's code is. From the sources (tsx, vitest) the worker is TypeScript, so it
 * starts through a one-line module that registers tsx in the new thread first (execArgv loaders
 * do not reach worker threads started from vitest). In the production bundle every entry is a
 * sibling file in dist/, so dist/pglite-worker.mjs (infra/build-production.mjs) is next to us.
 */
function workerUrl(): URL {
  const own = import.meta.url;
  if (!own.endsWith('.ts')) return new URL('./pglite-worker.mjs', own);
  const entry = new URL('./pglite-worker.ts', own).href;
  // `tsx/esm/api` as ESM (its exports' import condition, ./dist/esm/api/index.mjs), found from tsx's
  // main file (./dist/loader.mjs) because require.resolve would pick the CommonJS condition.
  const tsx = new URL('./esm/api/index.mjs', pathToFileURL(createRequire(own).resolve('tsx'))).href;
  const bootstrap = `const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(entry)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`);
}

/**
 * The client side of the embedded database's worker thread (pglite-worker.ts), shaped like the
 * part of PGlite that drizzle's PGlite driver calls (`query`, `transaction`), so the same drizzle
 * session, result shapes and errors apply and only the thread changes. A transaction is pinned
 * to the worker's single connection by id from BEGIN to COMMIT; other queries wait for it there.
 */
export class RemotePgliteClient {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private nextTransactionId = 1;
  private stopped: Error | undefined;
  private closing: Promise<void> | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: PgliteResponse) => this.receive(message));
    worker.on('error', (error) => this.stop(new Error(`the embedded database thread failed: ${error.message}`)));
    worker.on('exit', (code) => this.stop(new Error(`the embedded database thread exited (code ${code})`)));
    // Like a socket: it holds the process open only while a request is waiting for its answer.
    worker.unref();
  }

  /** Starts the worker and resolves once PGlite is open in it (rejects with PGlite's error). */
  static start(options: PgliteWorkerOptions): Promise<RemotePgliteClient> {
    const worker = new Worker(workerUrl(), { workerData: options });
    return new Promise((resolve, reject) => {
      const onStartup = (message: PgliteResponse) => {
        if (message.kind === 'ready') {
          cleanUp();
          resolve(new RemotePgliteClient(worker));
        } else if (message.kind === 'startup-failed') {
          cleanUp();
          void worker.terminate();
          reject(deserializeError(message.error));
        }
      };
      const onError = (error: Error) => {
        cleanUp();
        reject(error);
      };
      const onExit = (code: number) => {
        cleanUp();
        reject(new Error(`the embedded database thread exited while starting (code ${code})`));
      };
      const cleanUp = () => {
        worker.off('message', onStartup);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onStartup);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
  }

  get closed(): boolean {
    return this.stopped !== undefined;
  }

  async query(sql: string, params: unknown[] = [], options: { rowMode?: RowMode } = {}): Promise<PgliteQueryResult> {
    return this.runQuery(sql, params, options.rowMode, undefined);
  }

  /** Runs `callback` in one transaction: committed when it resolves, rolled back when it throws. */
  async transaction<Result>(callback: (transaction: { query: RemotePgliteClient['query'] }) => Promise<Result>): Promise<Result> {
    const transactionId = this.nextTransactionId++;
    await this.request({ kind: 'begin', transactionId });
    let result: Result;
    try {
      result = await callback({
        query: (sql, params = [], options = {}) => this.runQuery(sql, params, options.rowMode, transactionId),
      });
    } catch (error) {
      // The callback's error is the one to report; a failed ROLLBACK leaves the thread stopped anyway.
      await this.request({ kind: 'rollback', transactionId }).catch(() => undefined);
      throw error;
    }
    await this.request({ kind: 'commit', transactionId });
    return result;
  }

  /** Closes PGlite in the worker (flushing it to disk) and ends the thread. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.stopped) await this.request({ kind: 'close' });
      this.stop(new Error('the embedded database is closed'));
      await this.worker.terminate();
    })();
    return this.closing;
  }

  private async runQuery(
    sql: string,
    params: unknown[],
    rowMode: RowMode | undefined,
    transactionId: number | undefined,
  ): Promise<PgliteQueryResult> {
    const result = await this.request({ kind: 'query', transactionId, sql, params, rowMode: rowMode ?? 'object' });
    if (!result) throw new Error('the embedded database thread answered a query without a result');
    return result;
  }

  private request(request: RequestWithoutId): Promise<PgliteQueryResult | undefined> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id } as PgliteRequest);
    });
  }

  private receive(message: PgliteResponse): void {
    if (message.kind !== 'done' && message.kind !== 'failed') return;
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    this.pending.delete(message.id);
    if (this.pending.size === 0) this.worker.unref();
    if (message.kind === 'done') waiting.resolve(message.result);
    else waiting.reject(deserializeError(message.error));
  }

  private stop(reason: Error): void {
    this.stopped ??= reason;
    for (const waiting of this.pending.values()) waiting.reject(reason);
    this.pending.clear();
  }
}
