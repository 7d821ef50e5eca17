// Where the question bus keeps things in Redis (one place, so the server's relay and the gateways agree).
#pragma once

#include <cstdint>
#include <string>

namespace openhall::redis_bus::keys {

// Stream: what gateways ask of the server (asks, votes, moderation); read by the consumer group "server".
inline const std::string kCommands = "openhall:commands";
inline const std::string kServerGroup = "server";
// Counter: question ids, so that an ask is numbered when Redis acknowledges it, before the server stores it.
inline const std::string kQuestionIds = "openhall:question-ids";
// Stream: every RoomUpdate the server's hub numbers, for every gateway; trimmed to about kFeedLength entries.
inline const std::string kFeed = "openhall:feed";
inline constexpr int kFeedLength = 100000;
// Hash: gateway id → when it last reported (ms since the epoch); a gateway silent for kGatewayTimeoutMs is gone.
inline const std::string kGateways = "openhall:gateways";
inline constexpr std::int64_t kGatewayTimeoutMs = 5000;

// Hash: client id → "<question id> <ticket>", the ack an ask got (a retry on any gateway gets the same).
inline std::string asked(std::int64_t event) { return "openhall:asked:" + std::to_string(event); }
// Hash: the room as the server last published it: "status" (JSON), "seq", "q:<id>" (question record),
// "s:<id>" (its status, for the publish script), "v:<id>" (vote count).
inline std::string room(std::int64_t event) { return "openhall:room:" + std::to_string(event); }
// Stream: the event's last numbered updates (fields as in the feed, plus "staff_only"), for resuming a viewer on a
// gateway whose room opened after the viewer left another.
inline std::string backlog(std::int64_t event) { return "openhall:backlog:" + std::to_string(event); }
inline constexpr int kBacklogLength = 1024;
// Set: the viewers whose vote for the question is counted.
inline std::string voters(std::int64_t question) { return "openhall:voters:" + std::to_string(question); }
// Hash: gateway id → viewers of the event on it.
inline std::string viewers(std::int64_t event) { return "openhall:viewers:" + std::to_string(event); }
// Stream: the server's answers to one gateway's moderation requests.
inline std::string replies(const std::string& gateway) { return "openhall:replies:" + gateway; }

// KEYS: asked hash, question ids, commands. ARGV: client id, ticket, question record (JSON without id/ticket).
// Returns {1, "<id> <ticket>"} for a new question, {0, "<id> <ticket>"} for a client id seen before.
inline const std::string kAskScript = R"(
local known = redis.call('HGET', KEYS[1], ARGV[1])
if known then return {0, known} end
local id = redis.call('INCR', KEYS[2])
local ack = id .. ' ' .. ARGV[2]
redis.call('XADD', KEYS[3], '*', 'kind', 'ask', 'id', id, 'ticket', ARGV[2], 'body', ARGV[3])
-- Last: a retry is answered with this ack only once the question is queued for the server.
redis.call('HSET', KEYS[1], ARGV[1], ack)
return {1, ack}
)";

// KEYS: voters set, commands. ARGV: viewer, event, question. Returns 1 when counted, 0 when counted before.
inline const std::string kVoteScript = R"(
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('XADD', KEYS[2], '*', 'kind', 'vote', 'event', ARGV[2], 'question', ARGV[3], 'viewer', ARGV[1])
return 1
)";

// A question's change: the room's hash, the feed, and the backlog with whether viewers were told (the question
// is public now or was before; the hash remembers its last status).
// KEYS: room hash, feed, backlog. ARGV: question id, record (JSON), status, seq, event, feed length, backlog length.
inline const std::string kPublishQuestionScript = R"(
local old = redis.call('HGET', KEYS[1], 's:' .. ARGV[1])
local function public(s) return s == 'approved' or s == 'answered' end
local staff_only = (public(old) or public(ARGV[3])) and '0' or '1'
redis.call('HSET', KEYS[1], 'q:' .. ARGV[1], ARGV[2], 's:' .. ARGV[1], ARGV[3], 'seq', ARGV[4])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[6], '*', 'event', ARGV[5], 'seq', ARGV[4], 'kind', 'question', 'body', ARGV[2])
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[7], '*', 'event', ARGV[5], 'seq', ARGV[4], 'kind', 'question', 'body', ARGV[2], 'staff_only', staff_only)
return 1
)";

// KEYS: question ids. ARGV: the highest id the database holds. The counter never goes below it.
inline const std::string kRaiseScript = R"(
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end
return 1
)";

}  // namespace openhall::redis_bus::keys
