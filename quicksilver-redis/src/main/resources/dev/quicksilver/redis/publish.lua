-- Appends one event to the hub's stream, atomically with its sequence and its id's index entry.
-- KEYS[1] the stream, KEYS[2] the sequence counter, KEYS[3] the index (a sorted set: Mercure id -> sequence)
-- ARGV[1] entries the stream keeps (approximately), ARGV[2] oldest entry kept in milliseconds (0: no limit),
-- ARGV[3] the event's Mercure id, ARGV[4..] the entry's fields and values.
-- Returns the event's sequence: the stream entry's id is "<sequence>-0", so an id gives the sequence and back.
local function now()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function sequenceOf(entryId)
  return tonumber(string.match(entryId, '^(%d+)'))
end

local seq = redis.call('INCR', KEYS[2])
if seq == 1 then
  -- No counter: a new stream, or Redis lost its data. Start from the clock (in thousandths of a
  -- millisecond) so that the order continues past every sequence a node may have seen, and past
  -- what the stream still holds.
  seq = now() * 1000
  local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
  if #last > 0 and sequenceOf(last[1][1]) >= seq then
    seq = sequenceOf(last[1][1]) + 1
  end
  redis.call('SET', KEYS[2], string.format('%d', seq))
end
local s = string.format('%d', seq)
local time = now()
local xadd = {'XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], s .. '-0', 't', string.format('%d', time)}
for i = 4, #ARGV do
  xadd[#xadd + 1] = ARGV[i]
end
redis.call(unpack(xadd))
-- NX: an id published again keeps resolving to its first copy (Mercure: the earliest event with that id).
redis.call('ZADD', KEYS[3], 'NX', s, ARGV[3])

local maxAge = tonumber(ARGV[2])
if maxAge > 0 then
  -- Entries carry their time as their first field; at most 16 are dropped per publish, more than
  -- each publish adds, so the stream catches up.
  local oldest = time - maxAge
  local old = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 16)
  local through = nil
  for _, e in ipairs(old) do
    if tonumber(e[2][2]) >= oldest then
      break
    end
    through = sequenceOf(e[1])
  end
  if through then
    redis.call('XTRIM', KEYS[1], 'MINID', string.format('%d', through + 1) .. '-0')
  end
end

-- The index keeps the ids of the entries kept, no more.
local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
if #first > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. string.format('%d', sequenceOf(first[1][1])))
end
return seq
