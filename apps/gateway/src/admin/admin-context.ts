import type { AdminTokenStore } from '@switchboard/access';
import type { Database } from '@switchboard/db';
import type { EgressPolicy } from '@switchboard/egress';
import type { KeyWrapper } from '@switchboard/vault';
import type { GatewayContext } from '../app/gateway-context';
import type { AdminFailedAttempts } from './admin-failed-attempts';

/** What the admin API needs. Stores are built per transaction from `db`, so a change and its audit entry commit together. */
export interface AdminContext {
  db: Database;
  wrapper: KeyWrapper;
  tokens: AdminTokenStore;
  /** Told the sequence of each committed change (inChangeTransaction); never rejects. */
  changes: { announce(sequence: number): Promise<void> };
  egress: EgressPolicy;
  gateway: GatewayContext;
  /** Alias names the config file sets: read-only through the admin API (409 naming the file). */
  configuredAliasNames?: ReadonlySet<string>;
  /** `provider/model` whose prices the config file names: read-only through the admin API (409 naming the file). */
  fileOwnedPrices?: ReadonlySet<string>;
  /** Provider ids the config file names (their models are the file's): catalog imports answer 409. */
  fileOwnedProviders?: ReadonlySet<string>;
  /** A price in force older than this many days is flagged stale (PRICE_MAX_AGE_DAYS, default 180). */
  priceMaxAgeDays?: number;
  /** SWITCHBOARD_CONFIG, for messages that send the admin there. */
  configPath?: string;
  /** The failed-attempt limiter for admin token checks; createAdminApp makes one when absent. */
  failedAttempts?: AdminFailedAttempts;
}
