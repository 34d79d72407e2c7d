/**
 * The Redis side of the budget ledger. One hash per key, period and window holds `spent`,
 * `reserved` and each open reservation (`r:<token>` = amount, or `s` once settled); a sorted set
 * orders reservations by expiry so abandoned ones are released lazily, by whichever call comes
 * next. Every check and change happens inside one script, so concurrent reservations from any
 * number of instances can never pass the limit together.
 *
 * Amounts reach Redis as the decimal strings the caller sent, never as Lua numbers, which some
 * Redis versions print in exponent notation that HINCRBY refuses.
 */

// Drops reservations whose time is up (a bounded batch per call), returning their amounts to the pool.
// Every function takes the subject's window hash and expiry set: a request reserves against its
// key's window and, for a key in a team with a budget, its team's too, in the same script.
const expireFunction = `
local function unreserve(hash, amount)
  if amount ~= '0' then redis.call('HINCRBY', hash, 'reserved', '-' .. amount) end
end
local function expire(hash, set, now)
  local expired = redis.call('ZRANGEBYSCORE', set, '-inf', now, 'LIMIT', 0, 256)
  for _, token in ipairs(expired) do
    local amount = redis.call('HGET', hash, 'r:' .. token)
    if amount and amount ~= 's' then unreserve(hash, amount) end
    redis.call('HDEL', hash, 'r:' .. token)
    redis.call('ZREM', set, token)
  end
end
local function keep(hash, set, lifetime)
  if lifetime > 0 then
    redis.call('PEXPIRE', hash, lifetime)
    redis.call('PEXPIRE', set, lifetime)
  end
end
local function totals(hash)
  local values = redis.call('HMGET', hash, 'spent', 'reserved', 'overage', 'closed')
  return tonumber(values[1]) or 0, tonumber(values[2]) or 0, tonumber(values[3]) or 0, tonumber(values[4])
end
local function text(number) return string.format('%.0f', number) end
`;

/**
 * KEYS: per subject (the key, then its team when the team has a budget), its window hash and
 * reservation expiry set. ARGV: now, amount, token, expiry, output price (micro-dollars per 1M
 * tokens; 0 = the amount is the whole cost), output max tokens, output min tokens, then per
 * subject its limit and key lifetime (0 = forever).
 * Every subject must have room or none is charged; the output is sized to the smallest room.
 * Returns: allowed (1/0), the refusing subject (1-based; 0 when allowed), amount reserved, output
 * tokens, then per subject: spent, reserved (after this reservation when allowed), overage, closed (1/0).
 */
export const reserveScript = `${expireFunction}
local now, amount = tonumber(ARGV[1]), tonumber(ARGV[2])
local price, most, least = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local count = #KEYS / 2
local state = {}
for i = 1, count do
  local hash, set = KEYS[2 * i - 1], KEYS[2 * i]
  local limit = tonumber(ARGV[6 + 2 * i])
  expire(hash, set, now)
  local spent, reserved, overage, closed = totals(hash)
  local is_closed = 0
  if closed then
    -- An overage closed the window at that budget; a raised budget opens it again.
    if limit <= closed then is_closed = 1 else redis.call('HDEL', hash, 'closed') end
  end
  state[i] = { spent, reserved, overage, is_closed, limit }
end
local function answer(allowed, refused, reserved_amount, output)
  local reply = { allowed, refused, reserved_amount, output }
  for i = 1, count do
    local s = state[i]
    local reserved = s[2]
    if allowed == 1 then reserved = reserved + reserved_amount end
    table.insert(reply, s[1]); table.insert(reply, reserved); table.insert(reply, s[3]); table.insert(reply, s[4])
  end
  return reply
end
for i = 1, count do
  if state[i][4] == 1 then return answer(0, i, 0, 0) end
end
local output = 0
if price > 0 then
  -- As many output tokens as fit every subject (integers below 2^53: room is below most x price / 1e6 here).
  output = most
  for i = 1, count do
    local s = state[i]
    local room = s[5] - s[1] - s[2] - amount
    if room < math.ceil(output * price / 1000000) then output = math.max(0, math.floor(room * 1000000 / price)) end
    if output < least then return answer(0, i, 0, 0) end
  end
  amount = amount + math.ceil(output * price / 1000000)
end
for i = 1, count do
  local s = state[i]
  if s[1] + s[2] + amount > s[5] then return answer(0, i, 0, 0) end
end
local amount_text = text(amount)
for i = 1, count do
  local hash, set = KEYS[2 * i - 1], KEYS[2 * i]
  redis.call('HINCRBY', hash, 'reserved', amount_text)
  redis.call('HSET', hash, 'r:' .. ARGV[3], amount_text)
  redis.call('ZADD', set, ARGV[4], ARGV[3])
  keep(hash, set, tonumber(ARGV[7 + 2 * i]))
end
return answer(1, 0, amount, output)
`;

/**
 * KEYS: per subject, window hash and reservation expiry set (as reserved). ARGV: now, token,
 * actual, then per subject its key lifetime (0 = forever) and its limit now ('' = unknown: an
 * overage is counted but closes nothing).
 * A settled reservation keeps its expiry entry as a marker, so a second settle is recognised.
 * Returns: 1 when the cost was counted (0 for a repeated settle), then per subject its overage.
 */
export const settleScript = `${expireFunction}
local token = ARGV[2]
local count = #KEYS / 2
local reply = { 1 }
for i = 1, count do
  local hash, set = KEYS[2 * i - 1], KEYS[2 * i]
  expire(hash, set, tonumber(ARGV[1]))
  local amount = redis.call('HGET', hash, 'r:' .. token)
  local over = 0
  if amount == 's' then
    reply[1] = 0
  else
    if amount then
      unreserve(hash, amount)
      redis.call('HSET', hash, 'r:' .. token, 's')
      over = tonumber(ARGV[3]) - tonumber(amount)
    end
    redis.call('HINCRBY', hash, 'spent', ARGV[3])
    if over > 0 then
      redis.call('HINCRBY', hash, 'overage', text(over))
      if ARGV[3 + 2 * i] ~= '' then redis.call('HSET', hash, 'closed', ARGV[3 + 2 * i]) end
    else
      over = 0
    end
    keep(hash, set, tonumber(ARGV[2 + 2 * i]))
  end
  table.insert(reply, over)
end
return reply
`;

/** KEYS: window hash, reservation expiry set. ARGV: now. Returns: spent, reserved, overage, closed at (-1 = open). */
export const usageScript = `${expireFunction}
expire(KEYS[1], KEYS[2], tonumber(ARGV[1]))
local spent, reserved, overage, closed = totals(KEYS[1])
return { spent, reserved, overage, closed or -1 }
`;

/**
 * KEYS: window hash, reservation expiry set. ARGV: spent, key lifetime (0 = forever).
 * Seeds `spent` only when the window has no hash yet (no reservation, no spend). Returns 1 when seeded.
 */
export const seedScript = `${expireFunction}
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'spent', ARGV[1])
keep(KEYS[1], KEYS[2], tonumber(ARGV[2]))
return 1
`;
