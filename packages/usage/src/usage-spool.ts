import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import type { UsageEvent } from './usage-event';

export interface SpoolReplay {
  /** Events handed to `deliver`. */
  replayed: number;
  /** Lines that were not a usage event (a write cut by a crash); skipped, and counted here. */
  unreadable: number;
}

const REPLAY_CHUNK = 500;

/** The default size limit of the spool on disk (USAGE_SPOOL_LIMIT_BYTES): 256 MiB, about 250,000 events. */
export const DEFAULT_SPOOL_LIMIT_BYTES = 256 * 1024 ** 2;

/** The spool reached its size limit (or the disk is full): the events were not written. */
export class UsageSpoolFullError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageSpoolFullError';
  }
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * A local append-only file of usage events (one JSON line each) for when the queue is
 * unreachable, replayed once it is back. Each append is synced to disk before it resolves, so a
 * crash after the gateway accepted an event cannot lose it. Replay renames the file first:
 * appends made meanwhile start a new file and are replayed next time, never lost or repeated.
 */
export class UsageSpool {
  readonly path: string;
  readonly #replayingPath: string;
  readonly limitBytes: number;
  #writes: Promise<unknown> = Promise.resolve();
  /** Bytes in both files; undefined until measured (the files may survive a restart). */
  #bytes: number | undefined;
  #diskFull = false;

  constructor(path: string, options: { limitBytes?: number } = {}) {
    this.path = path;
    this.#replayingPath = `${path}.replaying`;
    this.limitBytes = options.limitBytes ?? DEFAULT_SPOOL_LIMIT_BYTES;
  }

  /** Bytes spooled now (both files), as last measured or written. */
  get bytes(): number {
    return this.#bytes ?? 0;
  }

  /** True when the last append was refused (limit reached or the disk full), until one succeeds or a replay empties it. */
  get full(): boolean {
    return this.#diskFull;
  }

  async #measure(): Promise<number> {
    this.#bytes ??= (await sizeOf(this.path)) + (await sizeOf(this.#replayingPath));
    return this.#bytes;
  }

  /** Rejects with UsageSpoolFullError, writing nothing, when the events would pass the limit. */
  append(events: UsageEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    const text = `${events.map((event) => JSON.stringify(event)).join('\n')}\n`;
    const length = Buffer.byteLength(text);
    const write = this.#writes.then(async () => {
      if ((await this.#measure()) + length > this.limitBytes) {
        this.#diskFull = true;
        throw new UsageSpoolFullError(`the usage spool reached its limit of ${this.limitBytes} bytes`);
      }
      const file = await open(this.path, 'a', 0o600);
      try {
        await file.appendFile(text);
        await file.datasync();
      } catch (error) {
        // A partial line is skipped at replay; the size is measured again next time.
        this.#bytes = undefined;
        if ((error as NodeJS.ErrnoException).code === 'ENOSPC' || (error as NodeJS.ErrnoException).code === 'EDQUOT') {
          this.#diskFull = true;
          throw new UsageSpoolFullError('the disk holding the usage spool is full');
        }
        throw error;
      } finally {
        await file.close();
      }
      this.#bytes = (this.#bytes ?? 0) + length;
      this.#diskFull = false;
    });
    // One write at a time keeps lines whole; a failed write must not block the next one.
    this.#writes = write.catch(() => undefined);
    return write;
  }

  /** Whether anything waits to be replayed. */
  async hasEvents(): Promise<boolean> {
    await this.#writes;
    return (await exists(this.#replayingPath)) || (await exists(this.path));
  }

  /**
   * Hands every spooled event to `deliver`, in chunks. When delivery fails the events stay in the
   * spool for the next replay; events delivered before the failure may be delivered again then,
   * which is harmless because ingestion ignores request ids it has seen.
   */
  async replay(deliver: (events: UsageEvent[]) => Promise<void>): Promise<SpoolReplay> {
    await this.#writes;
    const result: SpoolReplay = { replayed: 0, unreadable: 0 };
    // A replay interrupted earlier left its file: finish it before taking the current one.
    if (!(await exists(this.#replayingPath))) {
      if (!(await exists(this.path))) return result;
      await rename(this.path, this.#replayingPath);
    }
    const text = await readFile(this.#replayingPath, 'utf8');
    const events: UsageEvent[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const parsed = JSON.parse(line) as UsageEvent;
        if (typeof parsed?.requestId === 'string') events.push(parsed);
        else result.unreadable++;
      } catch {
        result.unreadable++;
      }
    }
    for (let index = 0; index < events.length; index += REPLAY_CHUNK) {
      const chunk = events.slice(index, index + REPLAY_CHUNK);
      await deliver(chunk);
      result.replayed += chunk.length;
    }
    await unlink(this.#replayingPath);
    this.#bytes = undefined;
    this.#diskFull = false;
    return result;
  }
}
