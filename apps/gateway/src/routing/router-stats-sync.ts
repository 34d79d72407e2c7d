import { randomUUID } from 'node:crypto';
import type { RouterState, RouterStateSnapshot } from '@switchboard/router';
import { createRedisConnection } from '@switchboard/usage';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

interface StatsMessage {
  instanceId: string;
  snapshot: RouterStateSnapshot;
}

/**
 * Shares the router's live statistics between gateway instances through Redis pub/sub: every
 * `intervalMs` each instance publishes what it observed since its last publication (never a
 * full snapshot, which peers would count again) and merges what the others publish. A circuit
 * breaker reacts to this instance's failures at once, and its opening is published at once (not
 * at the next interval) in the same kind of message: a breaker opened on one instance is open on
 * the others after Redis's delivery, a few milliseconds.
 */
export class RouterStatsSync {
  private readonly instanceId = randomUUID();
  private readonly channel: string;
  private timer: NodeJS.Timeout | undefined;
  private publishQueued = false;

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    prefix: string,
    private readonly state: () => RouterState,
    private readonly logger: Logger,
  ) {
    this.channel = `${prefix}router-stats`;
  }

  static async start(
    url: string,
    prefix: string,
    state: () => RouterState,
    logger: Logger,
    intervalMs = 500,
  ): Promise<RouterStatsSync> {
    const publisher = createRedisConnection(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    const subscriber = createRedisConnection(url, { lazyConnect: true });
    for (const connection of [publisher, subscriber]) {
      connection.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis router-stats error'));
    }
    const sync = new RouterStatsSync(publisher, subscriber, prefix, state, logger);
    await Promise.all([publisher.connect(), subscriber.connect()]);
    subscriber.on('message', (_channel: string, message: string) => sync.receive(message));
    await subscriber.subscribe(sync.channel);
    sync.timer = setInterval(() => void sync.publish(), intervalMs);
    // An opened breaker does not wait for the interval: peers stop sending to it now. Openings in
    // one turn of the event loop go out in one message.
    state().onBreakerOpened = () => {
      if (sync.publishQueued) return;
      sync.publishQueued = true;
      setImmediate(() => {
        sync.publishQueued = false;
        void sync.publish();
      });
    };
    sync.timer.unref();
    return sync;
  }

  async publish(): Promise<void> {
    const snapshot = this.state().takeUnsharedSnapshot();
    if (snapshot.entries.length === 0 && !snapshot.breakerOpenings) return;
    const message: StatsMessage = { instanceId: this.instanceId, snapshot };
    try {
      await this.publisher.publish(this.channel, JSON.stringify(message));
    } catch (error) {
      // Lost observations only make peers' estimates a little older; routing goes on locally.
      this.logger.warn({ err: (error as Error).message }, 'could not share router statistics');
    }
  }

  private receive(text: string): void {
    try {
      const message = JSON.parse(text) as StatsMessage;
      if (message.instanceId !== this.instanceId) this.state().merge(message.snapshot);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'ignored a malformed router statistics message');
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.state().onBreakerOpened = undefined;
    await this.publish();
    await Promise.allSettled([this.subscriber.quit(), this.publisher.quit()]);
  }
}
