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
const expireFunction = `
local function unreserve(amount)
  if amount ~= '0' then redis.call('HINCRBY', KEYS[1], 'reserved', '-' .. amount) end
end
local function expire(now)
  local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 256)
  for _, token in ipairs(expired) do
    local amount = redis.call('HGET', KEYS[1], 'r:' .. token)
    if amount and amount ~= 's' then unreserve(amount) end
    redis.call('HDEL', KEYS[1], 'r:' .. token)
    redis.call('ZREM', KEYS[2], token)
  end
end
local function keep(lifetime)
  if lifetime > 0 then
    redis.call('PEXPIRE', KEYS[1], lifetime)
    redis.call('PEXPIRE', KEYS[2], lifetime)
  end
end
local function totals()
  local values = redis.call('HMGET', KEYS[1], 'spent', 'reserved', 'overage', 'closed')
  return tonumber(values[1]) or 0, tonumber(values[2]) or 0, tonumber(values[3]) or 0, tonumber(values[4])
end
local function text(number) return string.format('%.0f', number) end
`;

/**
 * KEYS: window hash, reservation expiry set. ARGV: now, limit, amount, token, expiry, key lifetime
 * (0 = forever), output price (micro-dollars per 1M tokens; 0 = the amount is the whole cost),
 * output max tokens, output min tokens.
 * Returns: allowed (1/0), spent, reserved (after this reservation when allowed), overage, closed
 * (1/0), amount reserved, output tokens.
 */
export const reserveScript = `${expireFunction}
local now, limit, amount = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local price, most, least = tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
expire(now)
local spent, reserved, overage, closed = totals()
if closed then
  -- An overage closed the window at that budget; a raised budget opens it again.
  if limit <= closed then return { 0, spent, reserved, overage, 1, 0, 0 } end
  redis.call('HDEL', KEYS[1], 'closed')
end
local output = 0
if price > 0 then
  -- As many output tokens as fit (integers below 2^53: room is below most x price / 1e6 here).
  output = most
  local room = limit - spent - reserved - amount
  if room < math.ceil(most * price / 1000000) then output = math.max(0, math.floor(room * 1000000 / price)) end
  if output < least then return { 0, spent, reserved, overage, 0, 0, 0 } end
  amount = amount + math.ceil(output * price / 1000000)
end
if spent + reserved + amount > limit then return { 0, spent, reserved, overage, 0, 0, 0 } end
local amount_text = text(amount)
redis.call('HINCRBY', KEYS[1], 'reserved', amount_text)
redis.call('HSET', KEYS[1], 'r:' .. ARGV[4], amount_text)
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[4])
keep(tonumber(ARGV[6]))
return { 1, spent, reserved + amount, overage, 0, amount, output }
`;

/**
 * KEYS: window hash, reservation expiry set. ARGV: now, token, actual, key lifetime (0 = forever),
 * the key's limit now ('' = unknown: an overage is counted but closes nothing).
 * A settled reservation keeps its expiry entry as a marker, so a second settle is recognised.
 * Returns: 1 when the cost was counted (0 for a repeated settle), the overage.
 */
export const settleScript = `${expireFunction}
local token = ARGV[2]
expire(tonumber(ARGV[1]))
local amount = redis.call('HGET', KEYS[1], 'r:' .. token)
if amount == 's' then return { 0, 0 } end
local over = 0
if amount then
  unreserve(amount)
  redis.call('HSET', KEYS[1], 'r:' .. token, 's')
  over = tonumber(ARGV[3]) - tonumber(amount)
end
redis.call('HINCRBY', KEYS[1], 'spent', ARGV[3])
if over > 0 then
  redis.call('HINCRBY', KEYS[1], 'overage', text(over))
  if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'closed', ARGV[5]) end
else
  over = 0
end
keep(tonumber(ARGV[4]))
return { 1, over }
`;

/** KEYS: window hash, reservation expiry set. ARGV: now. Returns: spent, reserved, overage, closed at (-1 = open). */
export const usageScript = `${expireFunction}
expire(tonumber(ARGV[1]))
local spent, reserved, overage, closed = totals()
return { spent, reserved, overage, closed or -1 }
`;

/**
 * KEYS: window hash, reservation expiry set. ARGV: spent, key lifetime (0 = forever).
 * Seeds `spent` only when the window has no hash yet (no reservation, no spend). Returns 1 when seeded.
 */
export const seedScript = `${expireFunction}
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'spent', ARGV[1])
keep(tonumber(ARGV[2]))
return 1
`;
