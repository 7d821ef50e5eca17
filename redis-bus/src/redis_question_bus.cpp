#include "openhall/redis_bus/redis_question_bus.hpp"

#include <curl/curl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "openhall/core/accounts/role.hpp"
#include "openhall/core/base/thread_name.hpp"
#include "openhall/core/base/ticket_code.hpp"
#include "openhall/redis_bus/bus_records.hpp"
#include "openhall/redis_bus/outage_log.hpp"
#include "redis_keys.hpp"

namespace openhall::redis_bus {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;

constexpr auto kViewerReportEvery = 1000ms;
constexpr auto kFeedBlock = 1000ms;

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// An XREAD reply's entries: [[stream, [[id, [field, value, ...]], ...]], ...].
struct StreamEntry {
    std::string stream;
    std::string id;
    std::map<std::string, std::string> fields;
};

std::vector<StreamEntry> entries_of(const Reply& reply) {
    std::vector<StreamEntry> out;
    for (std::size_t s = 0; s < reply.size(); ++s) {
        const auto stream = reply.element(s);
        const auto name = stream.element(0).text();
        const auto list = stream.element(1);
        for (std::size_t e = 0; e < list.size(); ++e) {
            const auto entry = list.element(e);
            out.push_back({name, entry.element(0).text(), entry.element(1).pairs()});
        }
    }
    return out;
}

// The last entry's id of a stream, "0-0" when it is empty or missing: reading starts after it.
std::string last_id(RedisConnection& redis, const std::string& stream) {
    auto r = redis.command({"XREVRANGE", stream, "+", "-", "COUNT", "1"});
    if (r.size() == 0) return "0-0";
    return r.element(0).element(0).text();
}

std::size_t write_body(char* data, std::size_t size, std::size_t count, void* out) {
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
}

}  // namespace

RedisQuestionBus::RedisQuestionBus(RedisBusSettings settings, std::string gateway_id)
    : settings_(std::move(settings)), gateway_id_(std::move(gateway_id)), reads_(settings_.redis) {
    sender_ = core::named_thread("oh-bus-send", [this] { send_loop(); });
    reader_ = core::named_thread("oh-bus-read", [this] { read_loop(); });
}

void RedisQuestionBus::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (sender_.joinable()) sender_.join();
    if (reader_.joinable()) reader_.join();
    expire_moderation(true);
}

bool RedisQuestionBus::wait_until_following(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return wake_.wait_for(lock, timeout, [this] { return following_ || stopping_; }) && following_;
}

void RedisQuestionBus::listen(std::function<void(const core::RoomUpdate&)> on_update) {
    std::lock_guard lock(mutex_);
    listener_ = std::move(on_update);
}

void RedisQuestionBus::submit(Request request) {
    {
        std::lock_guard lock(mutex_);
        if (!stopping_) {
            queue_.push_back(std::move(request));
            wake_.notify_all();
            return;
        }
    }
    request.done(nullptr);
}

void RedisQuestionBus::send_loop() {
    RedisConnection redis(settings_.redis);
    OutageLog outage("gateway: sending to Redis"), reporting("gateway: reporting viewers");
    auto next_report = std::chrono::steady_clock::now();
    for (;;) {
        std::deque<Request> batch;
        {
            std::unique_lock lock(mutex_);
            wake_.wait_until(lock, next_report, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) {
                batch.swap(queue_);
                lock.unlock();
                for (auto& r : batch) r.done(nullptr);
                return;
            }
            batch.swap(queue_);
        }
        std::vector<std::vector<std::string>> commands;
        for (const auto& r : batch) commands.insert(commands.end(), r.commands.begin(), r.commands.end());
        if (!commands.empty()) {
            std::vector<Reply> replies;
            try {
                replies = redis.pipeline(commands);
                outage.succeeded();
            } catch (const RedisUnavailable& e) {
                outage.failed(e.what());
            }
            std::size_t at = 0;
            for (auto& r : batch) {
                try {
                    if (replies.empty()) {
                        r.done(nullptr);
                        continue;
                    }
                    std::vector<Reply> mine;
                    for (std::size_t i = 0; i < r.commands.size(); ++i) mine.push_back(std::move(replies[at++]));
                    r.done(&mine);
                } catch (const std::exception& e) {
                    spdlog::error("gateway: a reply from Redis could not be read: {}", e.what());
                }
            }
        }
        if (std::chrono::steady_clock::now() >= next_report) {
            next_report = std::chrono::steady_clock::now() + kViewerReportEvery;
            try {
                report_viewers(redis);
                reporting.succeeded();
            } catch (const std::exception& e) {
                // The counts stay as last read; the next report tries again.
                reporting.failed(e.what());
            }
            expire_moderation(false);
        }
    }
}

void RedisQuestionBus::ask(const core::NewQuestion& question, std::function<void(core::AskReply)> done) {
    const auto ticket = core::make_ticket_code();
    Request request;
    request.commands.push_back({"EVAL", keys::kAskScript, "3", keys::asked(question.event_id.value), keys::kQuestionIds,
                                keys::kCommands, question.client_id, ticket, new_question_record(question).dump()});
    if (settings_.replicas > 0)
        request.commands.push_back({"WAIT", std::to_string(settings_.replicas), std::to_string(settings_.replica_timeout.count())});
    request.done = [this, done](std::vector<Reply>* replies) {
        const core::AskReply unavailable{std::nullopt, "", "unavailable",
                                         "questions cannot be taken just now; please try again in a moment", ""};
        if (!replies) return done(unavailable);
        const auto& stored = (*replies)[0];
        if (stored.is_error() || stored.size() != 2) {
            auto reply = unavailable;
            reply.cause = stored.text();
            return done(reply);
        }
        if (settings_.replicas > 0 && (*replies)[1].integer() < settings_.replicas) {
            // Held by the primary, not yet by the replicas asked for: no ack (a retry gets the same question).
            auto reply = unavailable;
            reply.cause = fmt::format("WAIT: {} of {} replicas", (*replies)[1].integer(), settings_.replicas);
            return done(reply);
        }
        const auto ack = stored.element(1).text();
        const auto space = ack.find(' ');
        done(core::AskReply{core::QuestionId{std::stoll(ack.substr(0, space))}, ack.substr(space + 1), "", "", ""});
    };
    submit(std::move(request));
}

void RedisQuestionBus::vote(core::EventId event, core::QuestionId question, const std::string& viewer,
                            std::function<void(core::VoteReply)> done) {
    Request request;
    request.commands.push_back({"EVAL", keys::kVoteScript, "2", keys::voters(question.value), keys::kCommands, viewer,
                                std::to_string(event.value), std::to_string(question.value)});
    request.done = [done](std::vector<Reply>* replies) {
        if (!replies || (*replies)[0].is_error()) return done(core::VoteReply::Unavailable);
        done((*replies)[0].integer() == 1 ? core::VoteReply::Counted : core::VoteReply::AlreadyVoted);
    };
    submit(std::move(request));
}

void RedisQuestionBus::moderate(const core::Actor& actor, const core::ModerationRequest& m,
                                std::function<void(core::ModerationReply)> done) {
    std::string id;
    {
        std::lock_guard lock(mutex_);
        id = gateway_id_ + ":" + std::to_string(next_request_++);
        moderation_[id] = {done, std::chrono::steady_clock::now() + settings_.moderation_timeout};
    }
    const Json body = {{"actor", actor.name},
                       {"question", m.question.value},
                       {"action", core::wire_name(m.action)},
                       {"into", m.into ? Json(m.into->value) : Json()},
                       {"reason", m.reason}};
    Request request;
    request.commands.push_back({"XADD", keys::kCommands, "*", "kind", "moderate", "request", id, "reply_to",
                                keys::replies(gateway_id_), "body", body.dump()});
    request.done = [this, id](std::vector<Reply>* replies) {
        if (replies && !(*replies)[0].is_error()) return;  // the answer comes on the replies stream
        std::function<void(core::ModerationReply)> done;
        {
            std::lock_guard lock(mutex_);
            auto it = moderation_.find(id);
            if (it == moderation_.end()) return;
            done = std::move(it->second.done);
            moderation_.erase(it);
        }
        done({"unavailable", "the change cannot be made just now; please try again", ""});
    };
    submit(std::move(request));
}

void RedisQuestionBus::expire_moderation(bool all) {
    std::vector<std::function<void(core::ModerationReply)>> expired;
    {
        std::lock_guard lock(mutex_);
        const auto now = std::chrono::steady_clock::now();
        for (auto it = moderation_.begin(); it != moderation_.end();) {
            if (all || it->second.deadline <= now) {
                expired.push_back(std::move(it->second.done));
                it = moderation_.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (auto& done : expired) done({"unavailable", "the server did not answer; the change may not have been made", ""});
}

void RedisQuestionBus::read_loop() {
    RedisConnection redis(settings_.redis, kFeedBlock + 2000ms);
    std::string feed_id, replies_id;
    const auto replies_key = keys::replies(gateway_id_);
    OutageLog outage("gateway: reading the feed");
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
        }
        try {
            if (feed_id.empty()) {
                // From now on: rooms open from snapshots, which hold everything before.
                feed_id = last_id(redis, keys::kFeed);
                replies_id = last_id(redis, replies_key);
                std::lock_guard lock(mutex_);
                following_ = true;
                wake_.notify_all();
            }
            auto reply = redis.command({"XREAD", "COUNT", "1000", "BLOCK", std::to_string(kFeedBlock.count()), "STREAMS",
                                        keys::kFeed, replies_key, feed_id, replies_id});
            if (reply.is_error()) throw RedisUnavailable(reply.text());
            outage.succeeded();
            for (auto& entry : entries_of(reply)) {
                if (entry.stream == keys::kFeed) {
                    feed_id = entry.id;
                    core::RoomUpdate update;
                    try {
                        update = update_from(entry.fields);
                    } catch (const std::exception& e) {
                        spdlog::error("gateway: a feed entry {} could not be read: {}", entry.id, e.what());
                        continue;
                    }
                    std::lock_guard lock(mutex_);
                    if (listener_) listener_(update);
                } else {
                    replies_id = entry.id;
                    std::function<void(core::ModerationReply)> done;
                    {
                        std::lock_guard lock(mutex_);
                        auto it = moderation_.find(entry.fields["request"]);
                        if (it == moderation_.end()) continue;
                        done = std::move(it->second.done);
                        moderation_.erase(it);
                    }
                    done({entry.fields["code"], entry.fields["message"], ""});
                }
            }
        } catch (const RedisUnavailable& e) {
            outage.failed(e.what());
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock, 500ms, [this] { return stopping_; });
        }
    }
}

std::optional<core::RoomSnapshot> RedisQuestionBus::snapshot(core::EventId event) {
    {
        // A room opened before the reader knows where the feed stands could miss what comes in between.
        std::lock_guard lock(mutex_);
        if (!following_) throw RedisUnavailable("not yet following the feed");
    }
    // The room and its backlog as of one moment (the relay changes both in one transaction).
    const std::vector<std::vector<std::string>> read_room{{"MULTI"},
                                                          {"HGETALL", keys::room(event.value)},
                                                          {"XRANGE", keys::backlog(event.value), "-", "+"},
                                                          {"EXEC"}};
    std::vector<Reply> replies;
    const bool was_open = reads_.is_open();
    try {
        replies = reads_.pipeline(read_room);
    } catch (const RedisUnavailable&) {
        // After Redis restarted, the first read finds the old connection closed: once more on a new one (a read
        // may be repeated). Not when connecting failed: this is the gateway's loop, and Redis is away.
        if (!was_open) throw;
        replies = reads_.pipeline(read_room);
    }
    const auto& both = replies[3];
    if (both.size() != 2) throw RedisUnavailable("the room could not be read: " + both.text());
    const auto all = both.element(0);
    if (all.size() == 0) return std::nullopt;  // a draft, or no such event: the server publishes the others
    core::RoomSnapshot room;
    const auto backlog = both.element(1);
    for (std::size_t e = 0; e < backlog.size(); ++e) {
        auto fields = backlog.element(e).element(1).pairs();
        try {
            auto update = update_from(fields);
            update.staff_only = fields["staff_only"] == "1";
            room.recent.push_back(std::move(update));
        } catch (const std::exception& e) {
            spdlog::error("gateway: a backlog entry of event {} could not be read: {}", event.value, e.what());
        }
    }
    std::unordered_map<std::int64_t, std::int64_t> votes;
    for (const auto& [field, value] : all.pairs()) {
        if (field == "seq") {
            room.seq = std::stoull(value);
        } else if (field == "status") {
            const auto status = Json::parse(value);
            room.status = core::parse_event_status(status.at("status").get<std::string>()).value_or(core::EventStatus::Draft);
            room.status_changed_at = core::Timestamp{std::chrono::seconds{status.at("changed_at_s").get<std::int64_t>()}};
        } else if (field.starts_with("q:")) {
            room.questions.push_back(question_from(Json::parse(value)));
        } else if (field.starts_with("v:")) {
            votes[std::stoll(field.substr(2))] = std::stoll(value);
        } else if (field == "caption") {
            room.caption = caption_from(Json::parse(value));
        }
    }
    if (room.status == core::EventStatus::Draft) return std::nullopt;
    for (auto& q : room.questions)
        if (auto v = votes.find(q.id.value); v != votes.end()) q.votes = std::max(q.votes, v->second);
    return room;
}

std::optional<core::StaffUser> RedisQuestionBus::staff_of(const std::string& session_token) {
    // The server knows its sessions: ask it, as the staff page itself does (GET /api/v1/session).
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
    if (!curl) return std::nullopt;
    const auto url = settings_.server_url + "/api/v1/session";
    const auto cookie = std::string(core::kSessionCookie) + "=" + session_token;
    std::string body;
    curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_COOKIE, cookie.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, 2000L);
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &body);
    if (curl_easy_perform(curl.get()) != CURLE_OK) return std::nullopt;
    long status = 0;
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
    if (status != 200) return std::nullopt;
    try {
        const auto user = Json::parse(body).at("user");
        auto role = core::parse_role(user.at("role").get<std::string>());
        if (!role) return std::nullopt;
        core::StaffUser staff;
        staff.name = user.at("name").get<std::string>();
        staff.role = *role;
        return staff;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::size_t RedisQuestionBus::viewers(core::EventId event, std::size_t here) {
    std::lock_guard lock(mutex_);
    here_[event.value] = here;
    auto total = totals_.find(event.value);
    return total == totals_.end() ? here : std::max(total->second, here);
}

void RedisQuestionBus::report_viewers(RedisConnection& redis) {
    std::unordered_map<std::int64_t, std::size_t> here;
    {
        std::lock_guard lock(mutex_);
        here = here_;
    }
    // Ours, then everyone's: a gateway that has not reported for kGatewayTimeoutMs is not counted.
    std::vector<std::vector<std::string>> commands{{"HSET", keys::kGateways, gateway_id_, std::to_string(now_ms())},
                                                   {"HGETALL", keys::kGateways}};
    std::vector<std::int64_t> events;
    for (const auto& [event, count] : here) {
        commands.push_back({"HSET", keys::viewers(event), gateway_id_, std::to_string(count)});
        commands.push_back({"HGETALL", keys::viewers(event)});
        events.push_back(event);
    }
    auto replies = redis.pipeline(commands);
    std::unordered_map<std::string, bool> alive;
    for (const auto& [gateway, seen_ms] : replies[1].pairs())
        alive[gateway] = now_ms() - std::stoll(seen_ms) < keys::kGatewayTimeoutMs;
    std::unordered_map<std::int64_t, std::size_t> totals;
    for (std::size_t e = 0; e < events.size(); ++e) {
        std::size_t total = 0;
        for (const auto& [gateway, count] : replies[3 + 2 * e].pairs())
            if (alive[gateway]) total += std::stoull(count);
        totals[events[e]] = total;
    }
    std::lock_guard lock(mutex_);
    for (const auto& [event, total] : totals) totals_[event] = total;
    // A room that closed said 0 once; now that it is reported, it is forgotten.
    for (const auto& [event, count] : here)
        if (count == 0 && here_[event] == 0) {
            here_.erase(event);
            totals_.erase(event);
        }
}

}  // namespace openhall::redis_bus
