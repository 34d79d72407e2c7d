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

// Shared by both scripts: the backlog (ms × limit units) of one bucket at `now`. Every function
// takes its subject's keys: a request is admitted against its key and, for a key in a team with
// limits, its team too, in one script (all subjects have room and are charged, or none is).
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

-- The token window (token-window.ts): the window hash holds 't' (total), 'o' (oldest bucket), 'n'
-- (newest) and one field per 100 ms bucket; a bucket counts while now_bucket - bucket <= span.
local bucket_ms, span = 100, 600
local function window_expire(key, now_bucket)
  local head = redis.call('HMGET', key, 't', 'o', 'n')
  local total, oldest, newest = tonumber(head[1]) or 0, tonumber(head[2]), tonumber(head[3])
  if not oldest then return 0, nil, nil end
  local first_live = now_bucket - span
  if newest < first_live then
    redis.call('DEL', key)
    return 0, nil, nil
  end
  if oldest < first_live then
    for bucket = oldest, first_live - 1 do
      local field = text(bucket)
      local tokens = redis.call('HGET', key, field)
      if tokens then
        total = total - tonumber(tokens)
        redis.call('HDEL', key, field)
      end
    end
    oldest = first_live
    redis.call('HSET', key, 't', text(total), 'o', text(oldest))
  end
  return total, oldest, newest
end
local function window_charge(key, now_bucket, tokens, total, oldest, now)
  redis.call('HINCRBY', key, text(now_bucket), text(tokens))
  redis.call('HSET', key, 't', text(total + tokens), 'o', text(oldest or now_bucket), 'n', text(now_bucket))
  redis.call('PEXPIRE', key, (now_bucket + span + 1) * bucket_ms - now + 1000)
end
`;

/**
 * KEYS: per subject (the key, then its team when the team has limits), its state hash, lease
 * sorted set and token window hash.
 * ARGV: now, window, tokens, lease id ('' = none), lease expiry, state lifetime (ms), then per
 * subject its rpm, tpm and concurrency (0 = no limit).
 * Returns: allowed (1/0), limited by (0 none, 1 requests, 2 tokens, 3 concurrency),
 * retry after ms, remaining requests, reset requests ms, remaining tokens, reset tokens ms (of
 * the first subject, or of the refusing one), and the refusing subject (1-based; 0 when allowed).
 */
export const admitScript = `${backlogFunction}
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local tokens = tonumber(ARGV[3])
local lease = ARGV[4]
local lease_expiry = tonumber(ARGV[5])
local state_lifetime = tonumber(ARGV[6])
local count = #KEYS / 3
local now_bucket = math.floor(now / bucket_ms)

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

-- Everything one subject would answer and charge, without charging it yet.
local function evaluate(i)
  local state_key, lease_key, window_key = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  local rpm, tpm, concurrency = tonumber(ARGV[4 + 3 * i]), tonumber(ARGV[5 + 3 * i]), tonumber(ARGV[6 + 3 * i])
  local s = { rpm = rpm, tpm = tpm, concurrency = concurrency, window_total = 0 }
  if rpm > 0 then
    local stored = redis.call('HMGET', state_key, 'rb', 'rl', 'rt')
    s.requests = take(tonumber(stored[1]), tonumber(stored[2]), tonumber(stored[3]), rpm, 1)
  end
  if tpm > 0 then
    -- { allowed, remaining, reset ms, retry after ms } as token-window.ts computes them.
    s.window_total, s.window_oldest, s.window_newest = window_expire(window_key, now_bucket)
    local total = s.window_total
    if total == 0 or total + tokens <= tpm then
      local reset = 0
      if total + tokens > 0 then reset = (now_bucket + span + 1) * bucket_ms - now end
      s.token_bucket = { true, math.max(0, tpm - total - tokens), reset, 0 }
    else
      local freed, retry = 0, 0
      for bucket = s.window_oldest, s.window_newest do
        local held = redis.call('HGET', window_key, text(bucket))
        if held then
          freed = freed + tonumber(held)
          if total - freed <= 0 or total - freed + tokens <= tpm then
            retry = (bucket + span + 1) * bucket_ms - now
            break
          end
        end
      end
      s.token_bucket = { false, math.max(0, tpm - total), (s.window_newest + span + 1) * bucket_ms - now, retry }
    end
  end
  -- Leases past their expiry belong to requests whose release never came (a crashed instance).
  if concurrency > 0 or lease ~= '' then redis.call('ZREMRANGEBYSCORE', lease_key, '-inf', now) end
  local concurrency_full = false
  if concurrency > 0 then concurrency_full = redis.call('ZCARD', lease_key) >= concurrency end

  s.limited_by, s.retry_after = 0, 0
  if s.requests and not s.requests[1] then s.limited_by = 1; s.retry_after = math.max(s.retry_after, s.requests[5]) end
  if s.token_bucket and not s.token_bucket[1] then
    if s.limited_by == 0 then s.limited_by = 2 end
    s.retry_after = math.max(s.retry_after, s.token_bucket[4])
  end
  if concurrency_full then
    if s.limited_by == 0 then s.limited_by = 3 end
    s.retry_after = math.max(s.retry_after, 1000)
  end
  s.remaining_requests, s.reset_requests, s.remaining_tokens, s.reset_tokens = 0, 0, 0, 0
  if s.requests then s.remaining_requests = s.requests[3]; s.reset_requests = s.requests[4] end
  if s.token_bucket then s.remaining_tokens = s.token_bucket[2]; s.reset_tokens = s.token_bucket[3] end
  return s
end

local function report(s, allowed, refused)
  if allowed == 0 and s.token_bucket and s.token_bucket[1] then
    -- Not charged: report the window as it stands.
    s.remaining_tokens = math.max(0, s.tpm - s.window_total)
    s.reset_tokens = 0
    if s.window_total > 0 then s.reset_tokens = (s.window_newest + span + 1) * bucket_ms - now end
  end
  return { allowed, s.limited_by, s.retry_after, s.remaining_requests, s.reset_requests, s.remaining_tokens, s.reset_tokens, refused }
end

local subjects = {}
for i = 1, count do
  subjects[i] = evaluate(i)
  if subjects[i].limited_by ~= 0 then
    -- The first refusing subject answers (nothing was charged anywhere).
    return report(subjects[i], 0, i)
  end
end

for i = 1, count do
  local s = subjects[i]
  local state_key, lease_key, window_key = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  if s.requests then redis.call('HSET', state_key, 'rb', text(s.requests[2]), 'rl', text(s.rpm), 'rt', text(s.requests[6])) end
  if s.token_bucket and tokens > 0 then window_charge(window_key, now_bucket, tokens, s.window_total, s.window_oldest, now) end
  if s.requests then
    -- Kept while it still holds backlog, and while a lease may still come back to correct it.
    redis.call('PEXPIRE', state_key, math.max(s.reset_requests, state_lifetime) + 1000)
  end
  if lease ~= '' then
    redis.call('ZADD', lease_key, lease_expiry, lease)
    redis.call('PEXPIRE', lease_key, lease_expiry - now + 1000)
  end
end
return report(subjects[1], 1, 0)
`;

/**
 * KEYS: per subject (as admitted), state hash, lease sorted set, token window hash.
 * ARGV: lease id, now, the bucket the tokens were charged to, then per subject its token
 * correction (actual - charged).
 * Returns 1 when the lease was released, 0 when it was already gone (a second release, or expired).
 */
export const releaseScript = `${backlogFunction}
local now = tonumber(ARGV[2])
local charged_bucket = tonumber(ARGV[3])
local released = 0
for i = 1, #KEYS / 3 do
  local lease_key, window_key = KEYS[3 * i - 1], KEYS[3 * i]
  if redis.call('ZREM', lease_key, ARGV[1]) == 1 then
    released = 1
    local correction = tonumber(ARGV[3 + i])
    if correction ~= 0 then
      local now_bucket = math.floor(now / bucket_ms)
      local total, oldest = window_expire(window_key, now_bucket)
      local field = text(charged_bucket)
      local held = nil
      if oldest and charged_bucket >= oldest then held = redis.call('HGET', window_key, field) end
      if held then
        local next = math.max(0, tonumber(held) + correction)
        redis.call('HSET', window_key, field, text(next), 't', text(total + next - tonumber(held)))
      elseif correction > 0 then
        -- The bucket no longer counts (a request longer than the window): its extra tokens count now.
        window_charge(window_key, now_bucket, correction, total, oldest, now)
      end
    end
  end
end
return released
`;
