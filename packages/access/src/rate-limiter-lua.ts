/**
 * The Redis side of the rate limiter: the GCRA arithmetic of gcra.ts, in Lua, for requests, the
 * sliding token window of token-window.ts for tokens (a hash of 100 ms buckets), plus a sorted set of concurrency leases, all in one atomic script so a request costs
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

-- The token window (token-window.ts): KEYS[3] holds 't' (total), 'o' (oldest bucket), 'n' (newest)
-- and one field per 100 ms bucket; a bucket counts while now_bucket - bucket <= span.
local bucket_ms, span = 100, 600
local function window_expire(now_bucket)
  local head = redis.call('HMGET', KEYS[3], 't', 'o', 'n')
  local total, oldest, newest = tonumber(head[1]) or 0, tonumber(head[2]), tonumber(head[3])
  if not oldest then return 0, nil, nil end
  local first_live = now_bucket - span
  if newest < first_live then
    redis.call('DEL', KEYS[3])
    return 0, nil, nil
  end
  if oldest < first_live then
    for bucket = oldest, first_live - 1 do
      local field = text(bucket)
      local tokens = redis.call('HGET', KEYS[3], field)
      if tokens then
        total = total - tonumber(tokens)
        redis.call('HDEL', KEYS[3], field)
      end
    end
    oldest = first_live
    redis.call('HSET', KEYS[3], 't', text(total), 'o', text(oldest))
  end
  return total, oldest, newest
end
local function window_charge(now_bucket, tokens, total, oldest, now)
  redis.call('HINCRBY', KEYS[3], text(now_bucket), text(tokens))
  redis.call('HSET', KEYS[3], 't', text(total + tokens), 'o', text(oldest or now_bucket), 'n', text(now_bucket))
  redis.call('PEXPIRE', KEYS[3], (now_bucket + span + 1) * bucket_ms - now + 1000)
end
`;

/**
 * KEYS: state hash, lease sorted set, token window hash.
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

local stored = redis.call('HMGET', KEYS[1], 'rb', 'rl', 'rt')

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
local now_bucket = math.floor(now / bucket_ms)
local window_total, window_oldest, window_newest = 0, nil, nil
if tpm > 0 then
  -- { allowed, remaining, reset ms, retry after ms } as token-window.ts computes them.
  window_total, window_oldest, window_newest = window_expire(now_bucket)
  if window_total == 0 or window_total + tokens <= tpm then
    local reset = 0
    if window_total + tokens > 0 then reset = (now_bucket + span + 1) * bucket_ms - now end
    token_bucket = { true, math.max(0, tpm - window_total - tokens), reset, 0 }
  else
    local freed, retry = 0, 0
    for bucket = window_oldest, window_newest do
      local held = redis.call('HGET', KEYS[3], text(bucket))
      if held then
        freed = freed + tonumber(held)
        if window_total - freed <= 0 or window_total - freed + tokens <= tpm then
          retry = (bucket + span + 1) * bucket_ms - now
          break
        end
      end
    end
    token_bucket = { false, math.max(0, tpm - window_total), (window_newest + span + 1) * bucket_ms - now, retry }
  end
end
-- Leases past their expiry belong to requests whose release never came (a crashed instance).
if concurrency > 0 or lease ~= '' then redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now) end
local concurrency_full = false
if concurrency > 0 then concurrency_full = redis.call('ZCARD', KEYS[2]) >= concurrency end

local limited_by = 0
local retry_after = 0
if requests and not requests[1] then limited_by = 1; retry_after = math.max(retry_after, requests[5]) end
if token_bucket and not token_bucket[1] then
  if limited_by == 0 then limited_by = 2 end
  retry_after = math.max(retry_after, token_bucket[4])
end
if concurrency_full then
  if limited_by == 0 then limited_by = 3 end
  retry_after = math.max(retry_after, 1000)
end

local remaining_requests, reset_requests, remaining_tokens, reset_tokens = 0, 0, 0, 0
if requests then remaining_requests = requests[3]; reset_requests = requests[4] end
if token_bucket then remaining_tokens = token_bucket[2]; reset_tokens = token_bucket[3] end
if limited_by ~= 0 then
  if token_bucket and token_bucket[1] then
    -- Not charged: report the window as it stands.
    remaining_tokens = math.max(0, tpm - window_total)
    reset_tokens = 0
    if window_total > 0 then reset_tokens = (window_newest + span + 1) * bucket_ms - now end
  end
  return { 0, limited_by, retry_after, remaining_requests, reset_requests, remaining_tokens, reset_tokens }
end

if requests then redis.call('HSET', KEYS[1], 'rb', text(requests[2]), 'rl', text(rpm), 'rt', text(requests[6])) end
if token_bucket and tokens > 0 then window_charge(now_bucket, tokens, window_total, window_oldest, now) end
if requests then
  -- Kept while it still holds backlog, and while a lease may still come back to correct it.
  redis.call('PEXPIRE', KEYS[1], math.max(reset_requests, state_lifetime) + 1000)
end
if lease ~= '' then
  redis.call('ZADD', KEYS[2], lease_expiry, lease)
  redis.call('PEXPIRE', KEYS[2], lease_expiry - now + 1000)
end
return { 1, 0, 0, remaining_requests, reset_requests, remaining_tokens, reset_tokens }
`;

/**
 * KEYS: state hash, lease sorted set, token window hash.
 * ARGV: lease id, now, token correction (actual - charged), the bucket the tokens were charged to.
 * Returns 1 when the lease was released, 0 when it was already gone (a second release, or expired).
 */
export const releaseScript = `${backlogFunction}
if redis.call('ZREM', KEYS[2], ARGV[1]) == 0 then return 0 end
local now = tonumber(ARGV[2])
local correction = tonumber(ARGV[3])
local charged_bucket = tonumber(ARGV[4])
if correction ~= 0 then
  local now_bucket = math.floor(now / bucket_ms)
  local total, oldest = window_expire(now_bucket)
  local field = text(charged_bucket)
  local held = nil
  if oldest and charged_bucket >= oldest then held = redis.call('HGET', KEYS[3], field) end
  if held then
    local next = math.max(0, tonumber(held) + correction)
    redis.call('HSET', KEYS[3], field, text(next), 't', text(total + next - tonumber(held)))
  elseif correction > 0 then
    -- The bucket no longer counts (a request longer than the window): its extra tokens count now.
    window_charge(now_bucket, correction, total, oldest, now)
  end
end
return 1
`;
