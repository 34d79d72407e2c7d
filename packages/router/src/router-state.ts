import type { AttemptOutcome } from './attempt-outcome';
import { CircuitBreaker, type CircuitBreakerConfig, DEFAULT_CIRCUIT_BREAKER_CONFIG } from './circuit-breaker';
import {
  DEFAULT_STATS_CONFIG,
  ProviderModelStats,
  type ProviderModelStatsSnapshot,
  type StatsConfig,
} from './provider-model-stats';

export interface RouterStateConfig {
  stats?: Partial<StatsConfig>;
  breaker?: Partial<CircuitBreakerConfig>;
  /**
   * Whether observations are also kept for `takeUnsharedSnapshot` (default true). An instance
   * without peers (no Redis) turns it off: nobody takes them, and recording every outcome twice
   * is a cost on every request.
   */
  shareObservations?: boolean;
}

/** Statistics as plain JSON, for another instance's `merge` (through Redis, later). */
export interface RouterStateSnapshot {
  version: 1;
  entries: { providerId: string; modelId: string; stats: ProviderModelStatsSnapshot }[];
  /**
   * Circuits this instance opened since its previous snapshot, and for how long (ms). Optional so
   * that a peer of an older version, which sends none and ignores them, still merges.
   */
  breakerOpenings?: BreakerOpening[];
}

/** One circuit opened on one instance, for the others to open too. */
export interface BreakerOpening {
  providerId: string;
  modelId: string;
  keyId: string;
  cooldownMs: number;
}

/** What is known of one model at one provider. */
export interface ProviderModelEntry {
  stats: ProviderModelStats;
  /** By key id; a key never reported has no breaker, which means closed. */
  breakers: Map<string, CircuitBreaker>;
}

/** The key id used for a provider's single key that has no vault row (environment keys). */
export const DEFAULT_KEY_ID = '';

// Nested maps rather than `${provider}/${model}` keys: the hot path then looks up strings the
// catalog already holds (hashed once) instead of building and hashing a new string per candidate.
type ByProviderAndModel<Value> = Map<string, Map<string, Value>>;

function entryOf<Value>(table: ByProviderAndModel<Value>, providerId: string, modelId: string, create: () => Value): Value {
  let byModel = table.get(providerId);
  if (!byModel) {
    byModel = new Map();
    table.set(providerId, byModel);
  }
  let value = byModel.get(modelId);
  if (value === undefined) {
    value = create();
    byModel.set(modelId, value);
  }
  return value;
}

function snapshotOf<Value>(table: ByProviderAndModel<Value>, statsOf: (value: Value) => ProviderModelStats): RouterStateSnapshot {
  const entries: RouterStateSnapshot['entries'] = [];
  for (const [providerId, byModel] of table) {
    for (const [modelId, value] of byModel) entries.push({ providerId, modelId, stats: statsOf(value).snapshot() });
  }
  return { version: 1, entries };
}

/**
 * The router's live knowledge: statistics per (provider, model) and circuit breakers per
 * (provider, key, model). Nothing here reads a clock: every change takes `nowMs`.
 *
 * Sharing between instances: `merge` adds a snapshot's observations to ours, so each observation
 * must be published once. `takeUnsharedSnapshot` returns what was recorded here since its
 * previous call (and forgets it): publish that, and merge what peers publish. Publishing full
 * `snapshot()`s repeatedly would count the same observations again on every merge. Breakers react
 * to this instance's own failures at once; an opening is also shared (`breakerOpenings`), and a
 * peer's opening opens the same circuit here, so N instances pay one set of failures, not N.
 * Closing is not shared: each instance sends its own half-open probe when its cooldown ends.
 */
export class RouterState {
  private readonly statsConfig: StatsConfig;
  private readonly breakerConfig: CircuitBreakerConfig;
  private readonly entries: ByProviderAndModel<ProviderModelEntry> = new Map();
  private unshared: ByProviderAndModel<ProviderModelStats> = new Map();
  private unsharedOpenings: BreakerOpening[] = [];
  /** Called when a circuit opens here and peers should hear of it (the sync publishes at once). */
  onBreakerOpened: (() => void) | undefined;
  private readonly shareObservations: boolean;

  constructor(config: RouterStateConfig = {}) {
    this.statsConfig = { ...DEFAULT_STATS_CONFIG, ...config.stats };
    this.breakerConfig = { ...DEFAULT_CIRCUIT_BREAKER_CONFIG, ...config.breaker };
    this.shareObservations = config.shareObservations ?? true;
  }

  reportOutcome(outcome: AttemptOutcome, nowMs: number): void {
    const entry = this.entryOf(outcome.providerId, outcome.modelId);
    entry.stats.record(outcome, nowMs);
    if (this.shareObservations) {
      entryOf(this.unshared, outcome.providerId, outcome.modelId, () => new ProviderModelStats(this.statsConfig)).record(
        outcome,
        nowMs,
      );
    }
    const keyId = outcome.keyId ?? DEFAULT_KEY_ID;
    let breaker = entry.breakers.get(keyId);
    if (!breaker) {
      breaker = new CircuitBreaker(this.breakerConfig);
      entry.breakers.set(keyId, breaker);
    }
    const openedForMs = breaker.record(outcome.kind, nowMs, outcome.retryAfterMs);
    if (openedForMs > 0 && this.shareObservations) {
      this.unsharedOpenings.push({ providerId: outcome.providerId, modelId: outcome.modelId, keyId, cooldownMs: openedForMs });
      this.onBreakerOpened?.();
    }
  }

  /** Statistics and breakers of a (provider, model) in one lookup; undefined before any report. */
  entryFor(providerId: string, modelId: string): ProviderModelEntry | undefined {
    return this.entries.get(providerId)?.get(modelId);
  }

  statsFor(providerId: string, modelId: string): ProviderModelStats | undefined {
    return this.entryFor(providerId, modelId)?.stats;
  }

  breakerFor(providerId: string, keyId: string | undefined, modelId: string): CircuitBreaker | undefined {
    return this.entryFor(providerId, modelId)?.breakers.get(keyId ?? DEFAULT_KEY_ID);
  }

  /** Everything this instance knows, its peers' merged observations included. */
  snapshot(): RouterStateSnapshot {
    return snapshotOf(this.entries, (entry) => entry.stats);
  }

  /** What was recorded here (not merged from peers) since the previous call. */
  takeUnsharedSnapshot(): RouterStateSnapshot {
    const snapshot = snapshotOf(this.unshared, (stats) => stats);
    this.unshared = new Map();
    if (this.unsharedOpenings.length > 0) {
      snapshot.breakerOpenings = this.unsharedOpenings;
      this.unsharedOpenings = [];
    }
    return snapshot;
  }

  /** Adds a peer's observations; `nowMs` (this host's clock) starts the cooldowns of its openings. */
  merge(snapshot: RouterStateSnapshot, nowMs = Date.now()): void {
    if (snapshot.version !== 1) throw new Error(`Unsupported router state snapshot version ${String(snapshot.version)}`);
    for (const { providerId, modelId, stats } of snapshot.entries) this.entryOf(providerId, modelId).stats.merge(stats);
    for (const opening of snapshot.breakerOpenings ?? []) {
      if (typeof opening.cooldownMs !== 'number' || !(opening.cooldownMs > 0)) continue;
      const breakers = this.entryOf(opening.providerId, opening.modelId).breakers;
      let breaker = breakers.get(opening.keyId);
      if (!breaker) {
        breaker = new CircuitBreaker(this.breakerConfig);
        breakers.set(opening.keyId, breaker);
      }
      breaker.openFromPeer(nowMs, opening.cooldownMs);
    }
  }

  private entryOf(providerId: string, modelId: string): ProviderModelEntry {
    return entryOf(this.entries, providerId, modelId, () => ({
      stats: new ProviderModelStats(this.statsConfig),
      breakers: new Map(),
    }));
  }
}
