import { createRedisConnection } from '@switchboard/usage';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { CHANGE_TOPICS, type ChangeBus, type ChangeNotice, type ChangeTopic } from './change-bus';

const NOTICE = /^change:(\d{1,15})$/;

/**
 * Redis pub/sub between gateway instances: `change:<sequence>` after each committed change (an
 * older instance's bare topic name is still understood, as "re-read everything"). A subscriber connection cannot issue other commands,
 * so publishing uses a second one. The publishing instance also hears its own message, which
 * keeps "reload after change" on one code path.
 */
export class RedisChangeBus implements ChangeBus {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly listeners: ((notice: ChangeNotice) => void)[] = [];
  private readonly channel: string;

  private constructor(url: string, prefix: string, logger: Logger) {
    this.channel = `${prefix}changes`;
    this.publisher = createRedisConnection(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    this.subscriber = createRedisConnection(url, { lazyConnect: true });
    for (const connection of [this.publisher, this.subscriber]) {
      connection.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis change bus error'));
    }
    this.subscriber.on('message', (_channel: string, message: string) => {
      const match = NOTICE.exec(message);
      if (!match && !CHANGE_TOPICS.has(message as ChangeTopic)) return;
      const notice: ChangeNotice = match ? Number(match[1]) : undefined;
      for (const listener of this.listeners) listener(notice);
    });
  }

  static async connect(url: string, prefix: string, logger: Logger): Promise<RedisChangeBus> {
    const bus = new RedisChangeBus(url, prefix, logger);
    await Promise.all([bus.publisher.connect(), bus.subscriber.connect()]);
    await bus.subscriber.subscribe(bus.channel);
    return bus;
  }

  async publish(sequence: number): Promise<void> {
    await this.publisher.publish(this.channel, `change:${sequence}`);
  }

  subscribe(listener: (notice: ChangeNotice) => void): void {
    this.listeners.push(listener);
  }

  async ping(): Promise<void> {
    await this.publisher.ping();
  }

  async close(): Promise<void> {
    this.listeners.length = 0;
    await Promise.allSettled([this.subscriber.quit(), this.publisher.quit()]);
  }
}
