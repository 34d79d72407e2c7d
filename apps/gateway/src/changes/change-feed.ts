import { changeFeed, type Database } from '@switchboard/db';
import { asc, gt, lt, max } from 'drizzle-orm';
import type { Logger } from 'pino';
import { CHANGE_TOPICS, type ChangeBus, type ChangeNotice, type ChangeTopic } from './change-bus';

export interface ChangeFeedOptions {
  /** The safety net: how often the table is polled for rows past the last applied (default 1 s). */
  pollIntervalMs?: number;
  /** The slower safety net: every topic is re-read this often whatever the feed says (default 5 min). */
  fullReloadIntervalMs?: number;
  /** Rows older than this are pruned on the full-reload timer (default 1 day). */
  retentionMs?: number;
  /** Lag beyond this counts as "lagging" in /readyz and the gauge's alert (default 10 s). */
  lagThresholdMs?: number;
  /** Postgres LISTEN, when the driver has it: a second fast path that works without Redis. */
  listen?: (onNotify: () => void, onConnected: () => void) => Promise<() => Promise<void>>;
  /** The gauges (change feed lag, last applied sequence). */
  metrics?: { lagSeconds(value: number): void; appliedSequence(value: number): void };
}

export interface ChangeFeedState {
  status: 'ok' | 'lagging';
  /** How long ago this instance last confirmed it had applied every committed change. */
  lagMs: number;
  lastAppliedSequence: number;
  /** False while the last read of the feed failed (Postgres unreachable). */
  reachable: boolean;
}

const BATCH = 500;

/**
 * Applies the change outbox (`change_feed`, written by recordChange in each admin change's
 * transaction) in sequence order, from the last sequence this instance applied. Notices on the bus
 * (Redis pub/sub) and Postgres NOTIFY make it prompt; a poll every second makes it certain after
 * any lost notice or disconnect; a full re-read every few minutes covers anything else (and pruned
 * rows an instance slept through). Listeners get topics and reload what they name.
 */
export class ChangeFeed {
  private readonly listeners: ((topic: ChangeTopic) => void)[] = [];
  private lastApplied = 0;
  private running: Promise<void> | undefined;
  private again = false;
  private reachable = true;
  private currentAt = Date.now();
  private timers: NodeJS.Timeout[] = [];
  private unlisten: (() => Promise<void>) | undefined;
  private closed = false;
  private readonly options: Required<Omit<ChangeFeedOptions, 'listen' | 'metrics'>>;

  constructor(
    private readonly db: Database,
    private readonly bus: ChangeBus,
    private readonly logger: Logger,
    private readonly settings: ChangeFeedOptions = {},
  ) {
    this.options = {
      pollIntervalMs: settings.pollIntervalMs ?? 1_000,
      fullReloadIntervalMs: settings.fullReloadIntervalMs ?? 300_000,
      retentionMs: settings.retentionMs ?? 86_400_000,
      lagThresholdMs: settings.lagThresholdMs ?? 10_000,
    };
  }

  subscribe(listener: (topic: ChangeTopic) => void): void {
    this.listeners.push(listener);
  }

  /** The newest committed sequence (0 for an empty feed). */
  async head(): Promise<number> {
    const [row] = await this.db.select({ head: max(changeFeed.sequence) }).from(changeFeed);
    return Number(row?.head ?? 0);
  }

  /**
   * Starts after `fromSequence`, by default the newest: read it with head() before loading
   * everything, so a change committed during the load is applied, not missed.
   */
  async start(fromSequence?: number): Promise<void> {
    this.lastApplied = fromSequence ?? (await this.head());
    this.currentAt = Date.now();
    this.report();
    this.bus.subscribe((notice) => this.onNotice(notice));
    if (this.settings.listen) {
      try {
        this.unlisten = await this.settings.listen(
          () => void this.catchUp(),
          // Every (re)connect of the listening connection: whatever was missed meanwhile.
          () => void this.catchUp(),
        );
      } catch (error) {
        this.logger.warn({ err: (error as Error).message }, 'change feed: Postgres LISTEN unavailable; polling');
      }
    }
    const poll = setInterval(() => void this.catchUp(), this.options.pollIntervalMs);
    const full = setInterval(() => void this.fullReload(), this.options.fullReloadIntervalMs);
    poll.unref();
    full.unref();
    this.timers = [poll, full];
  }

  /**
   * After this instance committed a change: tell the other instances and apply it here (resolves
   * once applied here, so an admin's next read on this instance sees it). Never rejects: the row
   * is committed, and the others' polls find it if the notice is lost.
   */
  async announce(sequence: number): Promise<void> {
    this.bus.publish(sequence).catch((error: unknown) => {
      this.logger.warn(
        { sequence, err: (error as Error).message },
        'change notice not published (the change is committed; other instances pick it up from the change feed)',
      );
    });
    await this.catchUp();
  }

  /** Resolves once the feed has been read up to what is committed now (tests, the bench). */
  async caughtUp(): Promise<void> {
    await this.catchUp();
  }

  state(): ChangeFeedState {
    const lagMs = this.lagMs();
    return {
      status: lagMs > this.options.lagThresholdMs ? 'lagging' : 'ok',
      lagMs,
      lastAppliedSequence: this.lastApplied,
      reachable: this.reachable,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    await this.unlisten?.().catch(() => undefined);
    await this.running?.catch(() => undefined);
    this.listeners.length = 0;
  }

  private lagMs(): number {
    // Current as of the last successful read; between polls that is at most one interval old.
    return Math.max(0, Date.now() - this.currentAt);
  }

  private report(): void {
    this.settings.metrics?.lagSeconds(this.lagMs() / 1_000);
    this.settings.metrics?.appliedSequence(this.lastApplied);
  }

  private onNotice(notice: ChangeNotice): void {
    if (notice === undefined) {
      void this.fullReload();
      return;
    }
    // This instance's own change, usually: already applied.
    if (notice <= this.lastApplied) return;
    void this.catchUp();
  }

  /** Single flight: a call during a read makes exactly one more read after it. */
  private catchUp(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running.then(() => this.running ?? Promise.resolve());
    }
    this.running = this.read().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.catchUp();
      }
    });
    return this.running;
  }

  private async read(): Promise<void> {
    const startedAt = Date.now();
    try {
      const wasUnreachable = !this.reachable;
      for (;;) {
        const rows = await this.db
          .select({ sequence: changeFeed.sequence, topic: changeFeed.topic })
          .from(changeFeed)
          .where(gt(changeFeed.sequence, this.lastApplied))
          .orderBy(asc(changeFeed.sequence))
          .limit(BATCH);
        const topics = new Set<ChangeTopic>();
        for (const row of rows) {
          if (CHANGE_TOPICS.has(row.topic as ChangeTopic)) topics.add(row.topic as ChangeTopic);
        }
        // In order of first appearance; each listener reloads a topic's whole state, so one call per batch suffices.
        this.emit(topics);
        if (rows.length > 0) this.lastApplied = rows.at(-1)!.sequence;
        if (rows.length < BATCH) break;
      }
      this.currentAt = startedAt;
      if (wasUnreachable) {
        this.reachable = true;
        // Rows pruned while this instance could not read are covered by re-reading everything.
        this.emit(CHANGE_TOPICS);
        this.logger.info({ lastAppliedSequence: this.lastApplied }, 'change feed reachable again; caught up');
      }
    } catch (error) {
      if (this.reachable) {
        this.reachable = false;
        this.logger.error(
          { err: (error as Error).message },
          'change feed unreachable (Postgres); serving from caches until it is back, then catching up',
        );
      }
    } finally {
      this.report();
    }
  }

  private emit(topics: Iterable<ChangeTopic>): void {
    for (const topic of topics) {
      for (const listener of this.listeners) {
        try {
          listener(topic);
        } catch (error) {
          this.logger.error({ topic, err: error }, 'change listener failed');
        }
      }
    }
  }

  /** Every topic, whatever the feed says, then old rows pruned. */
  private async fullReload(): Promise<void> {
    if (this.closed) return;
    await this.catchUp();
    this.emit(CHANGE_TOPICS);
    try {
      await this.db.delete(changeFeed).where(lt(changeFeed.at, new Date(Date.now() - this.options.retentionMs)));
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'change feed: pruning old rows failed; retried on the next timer');
    }
  }
}
