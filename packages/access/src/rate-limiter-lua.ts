/**
 * The Redis side of the rate limiter: the GCRA arithmetic of gcra.ts, in Lua, for requests and
 * tokens, plus a sorted set of concurrency leases, all in one atomic script so a request costs
 * one round trip and concurrent admissions on any number of instances can never overshoot.
 *
 * Why GCRA rather than sliding-window counters: it is exact (no weighting of two windows, so no
 * approximation near window edges), keeps one small hash per key however busy it is, meters
 * weighted costs (tokens) as naturally as requests, and its state answers OpenAI's headers
 * directly: remaining = free units now, reset = time until the bucket is full. The trade-off is
 * the token bucket's: a full bucket lets a whole minute's allowance through at once.
 *
 * Numbers are written with string.format('%.0f'): Redis versions turn Lua numbers into text
 * differently (some with exponent notation and limited digits), and a backlog reaches 1e14 for
 * a large TPM limit; a plain integer string is exact everywhere.
 */

// Shared by both scripts: the backlog (ms × limit units) of one bucket at `now`.
const backlogFunction = `
local function backlog_at(backlog, stored_limit, updated_at, limit, now)
  if not backlog or backlog <= 0 then return 0 end
  local scaled = backlog
  if stored_limit and stored_limit ~= limit then scaled = math.ceil(backlog * limit / stored_limit) end
  local elapsed = now - (updated_at or now)
  if elapsed <= 0 then return scaled end
  if elapsed * limit >= scaled then return 0 end
  return scaled - elapsed * limit
end
local function text(number) return string.format('%.0f', number) end
`;

/**
 * KEYS: state hash, lease sorted set.
 * ARGV: now, window, rpm, tpm, concurrency (0 = no limit), tokens, lease id ('' = none),
 * lease expiry, state lifetime (ms).
 * Returns: allowed (1/0), limited by (0 none, 1 requests, 2 tokens, 3 concurrency),
 * retry after ms, remaining requests, reset requests ms, remaining tokens, reset tokens ms.
 */
export const admitScript = `${backlogFunction}
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local rpm = tonumber(ARGV[3])
local tpm = tonumber(ARGV[4])
local concurrency = tonumber(ARGV[5])
local tokens = tonumber(ARGV[6])
local lease = ARGV[7]
local lease_expiry = tonumber(ARGV[8])
local state_lifetime = tonumber(ARGV[9])

local stored = redis.call('HMGET', KEYS[1], 'rb', 'rl', 'rt', 'tb', 'tl', 'tt')

-- One bucket: allowed, backlog to keep, remaining, reset ms, retry after ms, updated at.
local function take(backlog, stored_limit, updated_at, limit, cost)
  local current = backlog_at(backlog, stored_limit, updated_at, limit, now)
  local capacity = window * limit
  local after = current + math.min(cost, limit) * window
  local updated = math.max(now, updated_at or now)
  if after <= capacity then
    return { true, after, math.floor((capacity - after) / window), math.ceil(after / limit), 0, updated }
  end
  return { false, current, math.max(0, math.floor((capacity - current) / window)), math.ceil(current / limit),
    math.ceil((after - capacity) / limit), updated }
end

local requests, token_bucket
if rpm > 0 then requests = take(tonumber(stored[1]), tonumber(stored[2]), tonumber(stored[3]), rpm, 1) end
if tpm > 0 then token_bucket = take(tonumber(stored[4]), tonumber(stored[5]), tonumber(stored[6]), tpm, tokens) end
-- Leases past their expiry belong to requests whose release never came (a crashed instance).
if concurrency > 0 or lease ~= '' then redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now) end
local concurrency_full = false
if concurrency > 0 then concurrency_full = redis.call('ZCARD', KEYS[2]) >= concurrency end

local limited_by = 0
local retry_after = 0
if requests and not requests[1] then limited_by = 1; retry_after = math.max(retry_after, requests[5]) end
if token_bucket and not token_bucket[1] then
  if limited_by == 0 then limited_by = 2 end
  retry_after = math.max(retry_after, token_bucket[5])
end
if concurrency_full then
  if limited_by == 0 then limited_by = 3 end
  retry_after = math.max(retry_after, 1000)
end

local remaining_requests, reset_requests, remaining_tokens, reset_tokens = 0, 0, 0, 0
if requests then remaining_requests = requests[3]; reset_requests = requests[4] end
if token_bucket then remaining_tokens = token_bucket[3]; reset_tokens = token_bucket[4] end
if limited_by ~= 0 then
  return { 0, limited_by, retry_after, remaining_requests, reset_requests, remaining_tokens, reset_tokens }
end

if requests then redis.call('HSET', KEYS[1], 'rb', text(requests[2]), 'rl', text(rpm), 'rt', text(requests[6])) end
if token_bucket then redis.call('HSET', KEYS[1], 'tb', text(token_bucket[2]), 'tl', text(tpm), 'tt', text(token_bucket[6])) end
if requests or token_bucket then
  -- Kept while it still holds backlog, and while a lease may still come back to correct it.
  redis.call('PEXPIRE', KEYS[1], math.max(reset_requests, reset_tokens, state_lifetime) + 1000)
end
if lease ~= '' then
  redis.call('ZADD', KEYS[2], lease_expiry, lease)
  redis.call('PEXPIRE', KEYS[2], lease_expiry - now + 1000)
end
return { 1, 0, 0, remaining_requests, reset_requests, remaining_tokens, reset_tokens }
`;

/**
 * KEYS: state hash, lease sorted set. ARGV: lease id, now, window, token correction (actual - charged).
 * Returns 1 when the lease was released, 0 when it was already gone (a second release, or expired).
 */
export const releaseScript = `${backlogFunction}
if redis.call('ZREM', KEYS[2], ARGV[1]) == 0 then return 0 end
local now = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local correction = tonumber(ARGV[4])
if correction ~= 0 then
  local stored = redis.call('HMGET', KEYS[1], 'tb', 'tl', 'tt')
  local limit = tonumber(stored[2])
  if limit then
    local backlog = math.max(0, backlog_at(tonumber(stored[1]), limit, tonumber(stored[3]), limit, now) + correction * window)
    local updated = math.max(now, tonumber(stored[3]) or now)
    redis.call('HSET', KEYS[1], 'tb', text(backlog), 'tt', text(updated))
    local needed = math.ceil(backlog / limit) + 1000
    if redis.call('PTTL', KEYS[1]) < needed then redis.call('PEXPIRE', KEYS[1], needed) end
  end
end
return 1
`;
