#include "openhall/redis_bus/redis_relay.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "openhall/core/base/thread_name.hpp"
#include "openhall/core/captions/caption_repository.hpp"
#include "openhall/core/events/event_repository.hpp"
#include "openhall/core/live_questions/question_repository.hpp"
#include "openhall/redis_bus/bus_records.hpp"
#include "openhall/redis_bus/outage_log.hpp"
#include "redis_keys.hpp"

namespace openhall::redis_bus {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kConsumer = "server";
constexpr auto kCommandBlock = 1000ms;
constexpr auto kRetryEvery = 300ms;

std::string status_json(core::EventStatus status, core::Timestamp changed_at) {
    return Json{{"status", core::wire_name(status)}, {"changed_at_s", changed_at.time_since_epoch().count()}}.dump();
}

// One update as a transaction: the room's hash (what a gateway opens a room from) and the feed entry (what open
// rooms follow) change together, so a snapshot and the feed never disagree.
std::vector<std::vector<std::string>> commands_for(const core::RoomUpdate& u) {
    const auto room = keys::room(u.event.value);
    if (u.kind == core::RoomUpdate::Kind::Question)
        return {{"EVAL", keys::kPublishQuestionScript, "3", room, keys::kFeed, keys::backlog(u.event.value),
                 std::to_string(u.question->id.value), question_record(*u.question).dump(),
                 std::string(core::wire_name(u.question->status)), std::to_string(u.seq), std::to_string(u.event.value),
                 std::to_string(keys::kFeedLength), std::to_string(keys::kBacklogLength)}};
    if (u.kind == core::RoomUpdate::Kind::CaptionPartial) {
        // Passing words: to the gateways' feed only, not the room's state nor its backlog.
        std::vector<std::string> feed{"XADD", keys::kFeed, "MAXLEN", "~", std::to_string(keys::kFeedLength), "*"};
        for (const auto& [field, value] : update_fields(u)) feed.insert(feed.end(), {field, value});
        return {std::move(feed)};
    }
    std::vector<std::string> hash{"HSET", room};
    switch (u.kind) {
        case core::RoomUpdate::Kind::Question:
            break;
        case core::RoomUpdate::Kind::Votes:
            for (const auto& [id, count] : u.votes)
                hash.insert(hash.end(), {"v:" + std::to_string(id.value), std::to_string(count)});
            break;
        case core::RoomUpdate::Kind::Status:
            hash.insert(hash.end(), {"status", status_json(u.status, u.status_changed_at)});
            break;
        case core::RoomUpdate::Kind::Caption:
            hash.insert(hash.end(), {"caption", caption_record(*u.caption).dump()});
            break;
        case core::RoomUpdate::Kind::CaptionPartial:
            break;
    }
    if (u.seq > 0) hash.insert(hash.end(), {"seq", std::to_string(u.seq)});
    std::vector<std::string> fields;
    for (const auto& [field, value] : update_fields(u)) fields.insert(fields.end(), {field, value});
    std::vector<std::string> feed{"XADD", keys::kFeed, "MAXLEN", "~", std::to_string(keys::kFeedLength), "*"};
    feed.insert(feed.end(), fields.begin(), fields.end());
    if (u.seq == 0) {
        // A status change: a room first published now (an event made public) opens at the event's number, not 0,
        // so the first numbered update that follows is not taken for a gap.
        std::vector<std::string> number{"HSETNX", room, "seq", std::to_string(u.as_of_seq)};
        return {{"MULTI"}, std::move(hash), std::move(number), std::move(feed), {"EXEC"}};
    }
    std::vector<std::string> backlog{"XADD", keys::backlog(u.event.value), "MAXLEN", "~",
                                     std::to_string(keys::kBacklogLength), "*"};
    backlog.insert(backlog.end(), fields.begin(), fields.end());
    backlog.insert(backlog.end(), {"staff_only", "0"});
    return {{"MULTI"}, std::move(hash), std::move(feed), std::move(backlog), {"EXEC"}};
}

// A room as the database has it, replacing what Redis held: for every event that is not a draft, at start.
std::vector<std::vector<std::string>> room_commands(core::Database& db, core::LiveQuestionHub& hub, const core::Event& e,
                                                    core::Timestamp changed_at) {
    const auto room = keys::room(e.id.value);
    std::vector<std::string> hash{"HSET", room, "status", status_json(e.status, changed_at), "seq",
                                  std::to_string(hub.seq(e.id))};
    for (const auto& q : core::QuestionRepository(db).list(e.id)) {
        const auto id = std::to_string(q.id.value);
        hash.insert(hash.end(), {"s:" + id, std::string(core::wire_name(q.status))});
        if (q.status != core::QuestionStatus::Rejected) hash.insert(hash.end(), {"q:" + id, question_record(q).dump()});
    }
    if (auto line = core::CaptionRepository(db).newest(e.id)) hash.insert(hash.end(), {"caption", caption_record(*line).dump()});
    // The numbers start again from here: what the backlog held belongs to the numbers before.
    return {{"MULTI"}, {"DEL", room, keys::backlog(e.id.value)}, std::move(hash), {"EXEC"}};
}

}  // namespace

RedisRelay::RedisRelay(core::LiveQuestionHub& hub, core::QuestionWriter& writer, RedisAddress redis)
    : hub_(hub), writer_(writer), redis_(std::move(redis)) {}

RedisRelay::~RedisRelay() { stop(); }

void RedisRelay::start(core::Database& db) {
    RedisConnection redis(redis_);
    auto group = redis.command({"XGROUP", "CREATE", keys::kCommands, keys::kServerGroup, "0", "MKSTREAM"});
    if (group.is_error() && !group.text().starts_with("BUSYGROUP"))
        throw RedisUnavailable("cannot create the consumer group: " + group.text());
    raise_question_ids(db);

    // Room questions entered by staff take their ids where asks take theirs.
    auto ids = std::make_shared<RedisConnection>(redis_);
    writer_.use_question_ids([ids] {
        auto id = ids->command({"INCR", keys::kQuestionIds});
        if (id.is_error()) throw RedisUnavailable(id.text());
        return core::QuestionId{id.integer()};
    });

    core::EventRepository events(db);
    std::vector<std::vector<std::string>> rooms;
    for (const auto& e : events.list({})) {
        if (e.status == core::EventStatus::Draft) continue;
        auto commands = room_commands(db, hub_, e, events.status_changed_at(e.id).value_or(core::Timestamp{}));
        rooms.insert(rooms.end(), commands.begin(), commands.end());
    }
    if (!rooms.empty()) redis.pipeline(rooms);

    hub_.listen([this](const core::RoomUpdate& update) {
        publish(commands_for(update), update.kind == core::RoomUpdate::Kind::CaptionPartial);
    });
    {
        std::lock_guard lock(mutex_);
        reading_ = true;
    }
    reader_ = core::named_thread("oh-relay-read", [this] { read_loop(); });
    publisher_ = core::named_thread("oh-relay-pub", [this] { publish_loop(); });
}

void RedisRelay::raise_question_ids(core::Database& db) {
    RedisConnection redis(redis_);
    const auto highest = db.handle().execAndGet("SELECT COALESCE(MAX(id), 0) FROM questions").getInt64();
    auto raised = redis.command({"EVAL", keys::kRaiseScript, "1", keys::kQuestionIds, std::to_string(highest)});
    if (raised.is_error()) throw RedisUnavailable(raised.text());
}

void RedisRelay::stop_reading() {
    {
        std::lock_guard lock(mutex_);
        reading_ = false;
    }
    wake_.notify_all();
    if (reader_.joinable()) reader_.join();
}

void RedisRelay::stop() {
    stop_reading();
    hub_.listen({});
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (publisher_.joinable()) publisher_.join();
}

void RedisRelay::publish(std::vector<std::vector<std::string>> commands, bool passing) {
    {
        std::lock_guard lock(mutex_);
        outgoing_.push_back({std::move(commands), passing});
    }
    wake_.notify_all();
}

void RedisRelay::acknowledge(const std::string& id) { publish({{"XACK", keys::kCommands, keys::kServerGroup, id}}); }

void RedisRelay::publish_loop() {
    RedisConnection redis(redis_);
    OutageLog outage("relay: publishing");
    for (;;) {
        std::vector<std::vector<std::string>> commands;
        std::size_t taken = 0;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !outgoing_.empty(); });
            if (outgoing_.empty()) return;  // stopping, and everything is out
            for (const auto& o : outgoing_) {
                commands.insert(commands.end(), o.commands.begin(), o.commands.end());
                if (++taken == 500) break;
            }
        }
        try {
            const auto replies = redis.pipeline(commands);
            outage.succeeded();
            // An error reply (out of memory, a script error) is not retried: it would fail again and hold up
            // everything behind it. Gateways notice the missing number and reload the room.
            for (std::size_t i = 0; i < replies.size(); ++i)
                if (replies[i].is_error()) spdlog::error("relay: Redis refused {}: {}", commands[i][0], replies[i].text());
            std::lock_guard lock(mutex_);
            outgoing_.erase(outgoing_.begin(), outgoing_.begin() + static_cast<std::ptrdiff_t>(taken));
        } catch (const RedisUnavailable& e) {
            // Kept in order and sent again once Redis is back (a transaction sent twice sets the same fields).
            outage.failed(fmt::format("{} ({} updates waiting)", e.what(), taken));
            std::unique_lock lock(mutex_);
            // Passing words would reach viewers late and in a burst, after the line they led to: not sent again.
            std::erase_if(outgoing_, [](const Outgoing& o) { return o.passing; });
            if (stopping_) {
                spdlog::error("relay: stopping with {} updates unpublished; the rooms are published again at start",
                              outgoing_.size());
                return;
            }
            wake_.wait_for(lock, kRetryEvery, [this] { return stopping_; });
        }
    }
}

void RedisRelay::read_loop() {
    RedisConnection redis(redis_, kCommandBlock + 2000ms);
    // What was delivered before and never acknowledged (a crash, a lost connection) is read again first, once,
    // walking the pending list from `pending` on; then new commands (">").
    std::optional<std::string> pending = "0";
    OutageLog outage("relay: reading commands");
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (!reading_) return;
        }
        try {
            auto reply = redis.command({"XREADGROUP", "GROUP", keys::kServerGroup, kConsumer, "COUNT", "500", "BLOCK",
                                        std::to_string(kCommandBlock.count()), "STREAMS", keys::kCommands,
                                        pending ? *pending : ">"});
            if (reply.is_error()) {
                // NOGROUP after Redis lost its data: make the group again, from the start of what it has.
                redis.command({"XGROUP", "CREATE", keys::kCommands, keys::kServerGroup, "0", "MKSTREAM"});
                throw RedisUnavailable(reply.text());
            }
            outage.succeeded();
            std::size_t delivered = 0;
            for (std::size_t s = 0; s < reply.size(); ++s) {
                const auto list = reply.element(s).element(1);
                for (std::size_t e = 0; e < list.size(); ++e) {
                    const auto entry = list.element(e);
                    const auto id = entry.element(0).text();
                    dispatch(id, entry.element(1).pairs());
                    if (pending) pending = id;
                    ++delivered;
                }
            }
            if (pending && delivered == 0) pending.reset();
        } catch (const RedisUnavailable& e) {
            outage.failed(e.what());
            pending = "0";
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock, kRetryEvery, [this] { return !reading_; });
        }
    }
}

void RedisRelay::dispatch(const std::string& id, std::map<std::string, std::string> fields) {
    const auto& kind = fields["kind"];
    try {
        if (kind == "ask") {
            auto q = new_question_from(Json::parse(fields.at("body")));
            q.id = core::QuestionId{std::stoll(fields.at("id"))};
            q.ticket = fields.at("ticket");
            hub_.ask(q, [this, id](core::AskReply reply) {
                if (reply.question) return acknowledge(id);
                // Left unacknowledged: stored at the next start (idempotently by its client id).
                spdlog::error("relay: an acknowledged question could not be stored yet: {}", reply.cause);
            });
        } else if (kind == "vote") {
            hub_.vote(core::EventId{std::stoll(fields.at("event"))}, core::QuestionId{std::stoll(fields.at("question"))},
                      fields.at("viewer"), [this, id](core::VoteReply reply) {
                          if (reply != core::VoteReply::Unavailable) acknowledge(id);
                      });
        } else if (kind == "moderate") {
            const auto body = Json::parse(fields.at("body"));
            auto action = core::parse_moderation_action(body.at("action").get<std::string>());
            if (!action) throw std::invalid_argument("unknown action");
            core::ModerationRequest request{core::QuestionId{body.at("question").get<std::int64_t>()}, *action,
                                            body.at("into").is_null()
                                                ? std::nullopt
                                                : std::optional(core::QuestionId{body.at("into").get<std::int64_t>()}),
                                            body.at("reason").get<std::string>()};
            // The gateway checked the moderator's session with this server before sending it.
            hub_.moderate(core::Actor{body.at("actor").get<std::string>()}, request,
                          [this, id, reply_to = fields.at("reply_to"), request_id = fields.at("request")](
                              core::ModerationReply reply) {
                              publish({{"XADD", reply_to, "MAXLEN", "~", "1000", "*", "request", request_id, "code",
                                        reply.error_code, "message", reply.error_message},
                                       {"XACK", keys::kCommands, keys::kServerGroup, id}});
                          });
        } else {
            throw std::invalid_argument("unknown kind '" + kind + "'");
        }
    } catch (const std::exception& e) {
        // Not one of ours, or damaged: logged and acknowledged, so it does not come back at every start.
        spdlog::error("relay: command {} skipped: {}", id, e.what());
        acknowledge(id);
    }
}

}  // namespace openhall::redis_bus
