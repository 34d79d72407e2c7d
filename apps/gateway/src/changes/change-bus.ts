/** What changed; every instance reloads the part named. */
export type ChangeTopic = 'catalog' | 'provider-keys' | 'admin-tokens' | 'api-keys' | 'prices';

export const CHANGE_TOPICS: ReadonlySet<ChangeTopic> = new Set<ChangeTopic>([
  'catalog',
  'provider-keys',
  'admin-tokens',
  'api-keys',
  'prices',
]);

/**
 * A notice that the change feed (the `change_feed` table) has a row up to `sequence`. Undefined
 * when the sender did not say (an older instance publishing a bare topic): catch up and re-read
 * everything.
 */
export type ChangeNotice = number | undefined;

/**
 * The fast path between gateway instances: "the change feed has a new row". It carries no data
 * (never a secret), and losing a notice loses nothing: the feed itself is in Postgres, written in
 * the change's transaction, and every instance polls it (ChangeFeed).
 */
export interface ChangeBus {
  publish(sequence: number): Promise<void>;
  subscribe(listener: (notice: ChangeNotice) => void): void;
  /** Rejects when the transport is down (Redis unreachable); in-process always resolves. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
