import type { ServerResponse } from 'node:http';

/** Headers that belong to one exchange, not to the answer: a replay sends its own. */
const PER_REQUEST = new Set([
  'x-request-id',
  'request-id',
  'x-client-request-id',
  'content-length',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
]);

function keeps(name: string): boolean {
  return !PER_REQUEST.has(name) && !name.startsWith('x-ratelimit-') && name !== 'retry-after';
}

/**
 * Copies what a handler writes to the Node response (status, headers, body up to `maxBytes`)
 * while it goes to the client, for an idempotent request's kept answer. `end` is held until
 * `release()`, so the answer is stored before the client can send its retry; used only for
 * requests that carry an `Idempotency-Key`, so no other request pays for it.
 */
export class AnswerCapture {
  status = 0;
  readonly headers: Record<string, string> = {};
  /** The body grew past `maxBytes`: it is not kept. */
  overflow = false;
  private readonly chunks: Buffer[] = [];
  private bytes = 0;
  private heldEnd: unknown[] | undefined;
  private readonly originals: Pick<ServerResponse, 'writeHead' | 'write' | 'end'>;

  constructor(
    private readonly outgoing: ServerResponse,
    private readonly maxBytes: number,
  ) {
    this.originals = { writeHead: outgoing.writeHead, write: outgoing.write, end: outgoing.end };
    const { writeHead, write } = this.originals;
    outgoing.writeHead = ((status: number, ...rest: unknown[]) => {
      this.status = status;
      this.readHeaders(rest.find((argument) => typeof argument === 'object' && argument !== null));
      return (writeHead as (...args: unknown[]) => ServerResponse).call(outgoing, status, ...rest);
    }) as ServerResponse['writeHead'];
    outgoing.write = ((chunk: unknown, ...rest: unknown[]) => {
      this.add(chunk);
      return (write as (...args: unknown[]) => boolean).call(outgoing, chunk, ...rest);
    }) as ServerResponse['write'];
    outgoing.end = ((...args: unknown[]) => {
      if (typeof args[0] !== 'function') this.add(args[0]);
      this.heldEnd = args;
      return outgoing;
    }) as ServerResponse['end'];
  }

  /** The handler ended its answer (the client has all but the end of it). */
  get ended(): boolean {
    return this.heldEnd !== undefined;
  }

  get body(): string {
    // Joined as bytes: a character split between two writes is whole again.
    return Buffer.concat(this.chunks).toString('utf8');
  }

  /** The body as it was written, one entry per write (a stream's chunking). */
  get pieces(): string[] {
    return this.chunks.map((chunk) => chunk.toString('utf8'));
  }

  /** Puts the response's own methods back and sends the held end, if any. */
  release(): void {
    const { outgoing } = this;
    outgoing.writeHead = this.originals.writeHead;
    outgoing.write = this.originals.write;
    outgoing.end = this.originals.end;
    const held = this.heldEnd;
    this.heldEnd = undefined;
    if (held !== undefined) (this.originals.end as (...args: unknown[]) => ServerResponse).apply(outgoing, held);
  }

  private readHeaders(given: unknown): void {
    for (const [name, value] of Object.entries(this.outgoing.getHeaders())) {
      if (value !== undefined && keeps(name)) this.headers[name] = String(value);
    }
    if (Array.isArray(given)) {
      for (let index = 0; index + 1 < given.length; index += 2) this.keep(String(given[index]), given[index + 1]);
    } else if (given) {
      for (const [name, value] of Object.entries(given as Record<string, unknown>)) this.keep(name, value);
    }
  }

  private keep(name: string, value: unknown): void {
    const lower = name.toLowerCase();
    if (value !== undefined && keeps(lower)) this.headers[lower] = Array.isArray(value) ? value.join(', ') : String(value);
  }

  private add(chunk: unknown): void {
    if (this.overflow || chunk === undefined || chunk === null) return;
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk instanceof Uint8Array ? Buffer.from(chunk) : undefined;
    if (bytes === undefined) return;
    this.bytes += bytes.length;
    if (this.bytes > this.maxBytes) {
      this.overflow = true;
      this.chunks.length = 0;
      return;
    }
    this.chunks.push(bytes);
  }
}
