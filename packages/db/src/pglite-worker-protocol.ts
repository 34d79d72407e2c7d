/**
 * Messages between the thread that uses the embedded database and the worker thread that owns
 * PGlite (see pglite-worker.ts and remote-pglite-client.ts). Values cross by structured clone.
 */

/** What the worker is started with (`workerData`). */
export interface PgliteWorkerOptions {
  /** Absolute data directory, or undefined for an in-memory database. */
  dataDirectory: string | undefined;
}

export type PgliteRequest =
  | {
      kind: 'query';
      id: number;
      /** The open transaction the query belongs to; none runs it on its own (waiting for any open one). */
      transactionId: number | undefined;
      sql: string;
      params: unknown[];
      rowMode: 'array' | 'object';
    }
  | { kind: 'begin'; id: number; transactionId: number }
  | { kind: 'commit' | 'rollback'; id: number; transactionId: number }
  | { kind: 'close'; id: number };

/** PGlite's query result, minus the parsers that cannot cross threads. */
export interface PgliteQueryResult {
  rows: unknown[];
  affectedRows?: number;
  fields: { name: string; dataTypeID: number }[];
}

/** A failed request's error, with the Postgres fields (code, constraint, detail...) kept. */
export interface SerializedError {
  name: string;
  message: string;
  fields: Record<string, string | number | undefined>;
}

export type PgliteResponse =
  | { kind: 'ready' }
  | { kind: 'done'; id: number; result?: PgliteQueryResult }
  | { kind: 'failed'; id: number; error: SerializedError }
  | { kind: 'startup-failed'; error: SerializedError };
