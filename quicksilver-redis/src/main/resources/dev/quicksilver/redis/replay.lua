-- Reads the events after one, atomically with the lookup, so that no trim falls between them.
-- KEYS[1] the stream, KEYS[2] the index
-- ARGV[1] 'earliest', 'id' (ARGV[2] is a Mercure id) or 'sequence' (ARGV[2] is a sequence)
-- Returns {0} when the event is not kept (or an event after it is not), else {1, after, entries}.
local function sequenceOf(entryId)
  return tonumber(string.match(entryId, '^(%d+)'))
end

if ARGV[1] == 'earliest' then
  return {1, 0, redis.call('XRANGE', KEYS[1], '-', '+')}
end
local after
if ARGV[1] == 'id' then
  local score = redis.call('ZSCORE', KEYS[2], ARGV[2])
  if not score then
    return {0}
  end
  after = tonumber(score)
else
  after = tonumber(ARGV[2])
  local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
  if #first > 0 and sequenceOf(first[1][1]) > after + 1 then
    local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
    if sequenceOf(last[1][1]) > after then
      return {0}
    end
  end
end
local from = string.format('%d', after)
return {1, from, redis.call('XRANGE', KEYS[1], '(' .. from .. '-0', '+')}
