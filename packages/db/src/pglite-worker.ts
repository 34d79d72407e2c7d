// The worker thread that owns the embedded database. PGlite runs Postgres as synchronous WASM:
// on the request thread every query, usage batch and stored response would stop the event loop
// for its whole duration, so the gateway opens it here and sends SQL over messages
// (remote-pglite-client.ts). One PGlite instance is one connection: PGlite's own locks serialise
// the queries, and a query outside an open transaction waits until that transaction ends.
import { mkdirSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type QueryOptions, type Results, type Transaction, types } from '@electric-sql/pglite';
import type {
  PgliteQueryResult,
  PgliteRequest,
  PgliteResponse,
  PgliteWorkerOptions,
  SerializedError,
} from './pglite-worker-protocol';

// The same raw-string parsers drizzle's PGlite driver passes on every query (drizzle-orm/pglite
// session), so rows look exactly as they do with PGlite in process; functions cannot cross threads.
const keepText = (value: string) => value;
const parsers: QueryOptions['parsers'] = {
  [types.TIMESTAMP]: keepText,
  [types.TIMESTAMPTZ]: keepText,
  [types.INTERVAL]: keepText,
  [types.DATE]: keepText,
  1231: keepText, // numeric[]
  1115: keepText, // timestamp[]
  1185: keepText, // timestamptz[]
  1187: keepText, // interval[]
  1182: keepText, // date[]
};

const SHARED_BUFFERS = '16MB';

interface OpenTransaction {
  transaction: Transaction;
  /** Ends the callback PGlite runs the transaction in: true commits, false rolls back. */
  finish(commit: boolean): void;
  settled: Promise<void>;
}

function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: SerializedError['fields'] = {};
  for (const [key, value] of Object.entries(error)) {
    if (typeof value === 'string' || typeof value === 'number') fields[key] = value;
  }
  return { name: error.name, message: error.message, fields };
}

function toResult(results: Results): PgliteQueryResult {
  return {
    rows: results.rows,
    ...(results.affectedRows === undefined ? {} : { affectedRows: results.affectedRows }),
    fields: results.fields.map((field) => ({ name: field.name, dataTypeID: field.dataTypeID })),
  };
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('pglite-worker runs as a worker thread');
  const send = (message: PgliteResponse) => port.postMessage(message);
  const options = workerData as PgliteWorkerOptions;

  let client: PGlite;
  try {
    if (options.dataDirectory !== undefined) {
      // PGlite creates only the last path segment itself.
      mkdirSync(options.dataDirectory, { recursive: true, mode: 0o700 });
    }
    // Postgres' default 128 MB of shared buffers is all touched at start (measured, PGlite alone:
    // 312 MB RSS at rest, 160 MB with 16 MB); an embedded gateway's hot pages (keys, the newest
    // usage and rollups, recent stored responses) fit, and colder ones come from the file cache.
    client = await PGlite.create(options.dataDirectory, {
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${SHARED_BUFFERS}`],
    });
  } catch (error) {
    send({ kind: 'startup-failed', error: serializeError(error) });
    return;
  }

  const open = new Map<number, OpenTransaction>();

  function begin(id: number, transactionId: number): void {
    let entered = false;
    const settled = client.transaction(async (transaction) => {
      entered = true;
      const commit = await new Promise<boolean>((finish) => {
        open.set(transactionId, { transaction, finish, settled });
        send({ kind: 'done', id });
      });
      if (!commit) await transaction.rollback();
    });
    // Until the callback runs, a failure is BEGIN's; afterwards commit or rollback reports it.
    settled.catch((error: unknown) => {
      if (!entered) send({ kind: 'failed', id, error: serializeError(error) });
    });
  }

  async function handle(request: PgliteRequest): Promise<PgliteQueryResult | undefined> {
    switch (request.kind) {
      case 'query': {
        const target = request.transactionId === undefined ? client : open.get(request.transactionId)?.transaction;
        if (!target) throw new Error('the transaction this query belongs to is no longer open');
        return toResult(await target.query(request.sql, request.params, { rowMode: request.rowMode, parsers }));
      }
      case 'commit':
      case 'rollback': {
        const entry = open.get(request.transactionId);
        if (!entry) throw new Error('the transaction to end is not open');
        open.delete(request.transactionId);
        entry.finish(request.kind === 'commit');
        await entry.settled;
        return undefined;
      }
      case 'close':
        if (!client.closed) await client.close();
        return undefined;
      case 'begin':
        throw new Error('begin is answered by its transaction');
    }
  }

  port.on('message', (request: PgliteRequest) => {
    if (request.kind === 'begin') {
      begin(request.id, request.transactionId);
      return;
    }
    handle(request).then(
      (result) => send(result === undefined ? { kind: 'done', id: request.id } : { kind: 'done', id: request.id, result }),
      (error: unknown) => send({ kind: 'failed', id: request.id, error: serializeError(error) }),
    );
  });
  send({ kind: 'ready' });
}

await main();
