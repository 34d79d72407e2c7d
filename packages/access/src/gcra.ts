/**
 * GCRA (the generic cell rate algorithm, a token bucket in "virtual scheduling" form) for one
 * limit of `limit` units per `windowMs`. State is the backlog: how far ahead of now the bucket's
 * theoretical arrival time runs, kept in units of `milliseconds × limit` so that every quantity
 * is an integer and float rounding can never admit one unit too many or too few (each unit costs
 * exactly `windowMs` backlog units; a full window of backlog is `windowMs × limit`).
 *
 * The Redis limiter runs the same arithmetic in Lua (rate-limiter-lua.ts); the shared contract
 * suite (describe-rate-limiter.ts) holds both to the same answers.
 */
export interface GcraState {
  /** Backlog in ms × limit units at `updatedAtMs`; may exceed a window when actual usage ran over. */
  backlog: number;
  /** The limit the backlog was scaled for. */
  limit: number;
  updatedAtMs: number;
}

export interface GcraOutcome {
  allowed: boolean;
  /** The state to keep when allowed (with the cost added). */
  state: GcraState;
  /** Units left right after this decision. */
  remaining: number;
  /** Milliseconds until the bucket is full again. */
  resetMs: number;
  /** When refused: milliseconds until `cost` fits. */
  retryAfterMs: number;
}

/** The backlog at `nowMs`, rescaled to `limit` when the limit changed since it was stored. */
export function gcraBacklog(state: GcraState | undefined, limit: number, nowMs: number): number {
  if (state === undefined || state.backlog <= 0) return 0;
  const elapsed = nowMs - state.updatedAtMs;
  // The same time left, expressed for the new limit; rounded up so a change never frees a unit early.
  const scaled = state.limit === limit ? state.backlog : Math.ceil((state.backlog * limit) / state.limit);
  if (elapsed <= 0) return scaled;
  if (elapsed * limit >= scaled) return 0;
  return scaled - elapsed * limit;
}

/** Takes `cost` units (at most `limit`: a larger cost waits for a full bucket) if they fit at `nowMs`. */
export function gcraTake(
  state: GcraState | undefined,
  limit: number,
  cost: number,
  nowMs: number,
  windowMs: number,
): GcraOutcome {
  const capacity = windowMs * limit;
  const backlog = gcraBacklog(state, limit, nowMs);
  const after = backlog + Math.min(cost, limit) * windowMs;
  const updatedAtMs = Math.max(nowMs, state?.updatedAtMs ?? nowMs);
  if (after <= capacity) {
    return {
      allowed: true,
      state: { backlog: after, limit, updatedAtMs },
      remaining: Math.floor((capacity - after) / windowMs),
      resetMs: Math.ceil(after / limit),
      retryAfterMs: 0,
    };
  }
  return {
    allowed: false,
    state: { backlog, limit, updatedAtMs },
    remaining: Math.max(0, Math.floor((capacity - backlog) / windowMs)),
    resetMs: Math.ceil(backlog / limit),
    retryAfterMs: Math.ceil((after - capacity) / limit),
  };
}

/** Adds (or, when negative, refunds) `units` at `nowMs`: how actual usage corrects an estimate. */
export function gcraAdjust(state: GcraState, units: number, nowMs: number, windowMs: number): GcraState {
  const backlog = Math.max(0, gcraBacklog(state, state.limit, nowMs) + units * windowMs);
  return { backlog, limit: state.limit, updatedAtMs: Math.max(nowMs, state.updatedAtMs) };
}
