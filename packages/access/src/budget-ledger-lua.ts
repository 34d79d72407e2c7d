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
  local values = redis.call('HMGET', KEYS[1], 'spent', 'reserved')
  return tonumber(values[1]) or 0, tonumber(values[2]) or 0
end
`;

/**
 * KEYS: window hash, reservation expiry set. ARGV: now, limit, amount, token, expiry, key lifetime (0 = forever).
 * Returns: allowed (1/0), spent, reserved (after this reservation when allowed).
 */
export const reserveScript = `${expireFunction}
local now, limit, amount = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
expire(now)
local spent, reserved = totals()
if spent + reserved + amount > limit then return { 0, spent, reserved } end
redis.call('HINCRBY', KEYS[1], 'reserved', ARGV[3])
redis.call('HSET', KEYS[1], 'r:' .. ARGV[4], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[4])
keep(tonumber(ARGV[6]))
return { 1, spent, reserved + amount }
`;

/**
 * KEYS: window hash, reservation expiry set. ARGV: now, token, actual, key lifetime (0 = forever).
 * A settled reservation keeps its expiry entry as a marker, so a second settle is recognised.
 * Returns 1 when the cost was counted, 0 for a repeated settle.
 */
export const settleScript = `${expireFunction}
local token = ARGV[2]
expire(tonumber(ARGV[1]))
local amount = redis.call('HGET', KEYS[1], 'r:' .. token)
if amount == 's' then return 0 end
if amount then
  unreserve(amount)
  redis.call('HSET', KEYS[1], 'r:' .. token, 's')
end
redis.call('HINCRBY', KEYS[1], 'spent', ARGV[3])
keep(tonumber(ARGV[4]))
return 1
`;

/** KEYS: window hash, reservation expiry set. ARGV: now. Returns: spent, reserved. */
export const usageScript = `${expireFunction}
expire(tonumber(ARGV[1]))
local spent, reserved = totals()
return { spent, reserved }
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
