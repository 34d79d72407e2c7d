import { createRedisConnection } from '@switchboard/usage';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ChangeBus, ChangeTopic } from './change-bus';

const TOPICS = new Set<ChangeTopic>(['catalog', 'provider-keys', 'admin-tokens', 'api-keys', 'prices']);

/**
 * Redis pub/sub between gateway instances. A subscriber connection cannot issue other commands,
 * so publishing uses a second one. The publishing instance also hears its own message, which
 * keeps "reload after change" on one code path.
 */
export class RedisChangeBus implements ChangeBus {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly listeners: ((topic: ChangeTopic) => void)[] = [];
  private readonly channel: string;

  private constructor(url: string, prefix: string, logger: Logger) {
    this.channel = `${prefix}changes`;
    this.publisher = createRedisConnection(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    this.subscriber = createRedisConnection(url, { lazyConnect: true });
    for (const connection of [this.publisher, this.subscriber]) {
      connection.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis change bus error'));
    }
    this.subscriber.on('message', (_channel: string, message: string) => {
      if (!TOPICS.has(message as ChangeTopic)) return;
      for (const listener of this.listeners) listener(message as ChangeTopic);
    });
  }

  static async connect(url: string, prefix: string, logger: Logger): Promise<RedisChangeBus> {
    const bus = new RedisChangeBus(url, prefix, logger);
    await Promise.all([bus.publisher.connect(), bus.subscriber.connect()]);
    await bus.subscriber.subscribe(bus.channel);
    return bus;
  }

  async publish(topic: ChangeTopic): Promise<void> {
    await this.publisher.publish(this.channel, topic);
  }

  subscribe(listener: (topic: ChangeTopic) => void): void {
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
