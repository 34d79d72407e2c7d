/** What changed; every instance reloads the part named. */
export type ChangeTopic = 'catalog' | 'provider-keys' | 'admin-tokens' | 'api-keys' | 'prices';

/**
 * Tells every gateway instance that shared state changed, so each reloads it from Postgres.
 * Messages carry no data (never a secret): they only say what to reload.
 */
export interface ChangeBus {
  publish(topic: ChangeTopic): Promise<void>;
  subscribe(listener: (topic: ChangeTopic) => void): void;
  /** Rejects when the transport is down (Redis unreachable); in-process always resolves. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
