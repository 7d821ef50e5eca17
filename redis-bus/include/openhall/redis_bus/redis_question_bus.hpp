// The question bus through Redis, for a gateway process (`openhall gateway`, and `openhall serve --redis`'s own
// gateway): asks are acknowledged once Redis holds them (its append-only file with appendfsync always; with
// `replicas` > 0, also once WAIT says that many replicas have them), votes are counted once per viewer in Redis,
// moderation goes to the server and its answer comes back; every RoomUpdate comes from the server's feed
// stream. Keys and scripts: src/redis_keys.hpp; docs/deployment.md.
//
// Threads: one sends commands (pipelined: what arrives while a round trip is under way goes in the next), one
// reads the feed and this gateway's replies (XREAD BLOCK). Completions and the listener run on those threads.
// snapshot() and staff_of() block the calling thread (the gateway's) on a connection of their own.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "openhall/core/live_questions/question_bus.hpp"
#include "openhall/redis_bus/redis_connection.hpp"

namespace openhall::redis_bus {

struct RedisBusSettings {
    RedisAddress redis;
    // The server's HTTP address, which says whose a staff session cookie is (GET /api/v1/session).
    std::string server_url = "http://127.0.0.1:8080";
    int replicas = 0;  // WAIT for this many replicas before an ack
    std::chrono::milliseconds replica_timeout{1000};
    std::chrono::milliseconds moderation_timeout{10000};  // then the moderator hears `unavailable`
};

class RedisQuestionBus final : public core::QuestionBus {
public:
    // Starts its two threads. `gateway_id` names this gateway in Redis (viewer counts, replies); unique per
    // process (the host name and the process id).
    RedisQuestionBus(RedisBusSettings settings, std::string gateway_id);
    // Stops both threads; completions not yet called are called with `unavailable`. Call it after the gateway
    // stopped and before it is destroyed (its completions post to it). Any thread but the bus's.
    void stop();
    ~RedisQuestionBus() override { stop(); }
    // Waits until the reader knows where the feed stands (rooms open only then); false when Redis did not
    // answer within `timeout`. For start-up, before the gateway says it listens.
    bool wait_until_following(std::chrono::milliseconds timeout);
    RedisQuestionBus(const RedisQuestionBus&) = delete;
    RedisQuestionBus& operator=(const RedisQuestionBus&) = delete;

    void ask(const core::NewQuestion& question, std::function<void(core::AskReply)> done) override;
    void vote(core::EventId event, core::QuestionId question, const std::string& viewer,
              std::function<void(core::VoteReply)> done) override;
    void moderate(const core::Actor& actor, const core::ModerationRequest& request,
                  std::function<void(core::ModerationReply)> done) override;
    std::optional<core::RoomSnapshot> snapshot(core::EventId event) override;
    std::optional<core::StaffUser> staff_of(const std::string& session_token) override;
    void listen(std::function<void(const core::RoomUpdate&)> on_update) override;
    std::size_t viewers(core::EventId event, std::size_t here) override;

private:
    // Commands for one round trip, and what to do with their replies (or, when Redis is unreachable, without).
    struct Request {
        std::vector<std::vector<std::string>> commands;
        std::function<void(std::vector<Reply>*)> done;  // nullptr: Redis was unavailable
    };
    void submit(Request request);
    void send_loop();
    void read_loop();
    void report_viewers(RedisConnection& redis);
    void expire_moderation(bool all);

    RedisBusSettings settings_;
    std::string gateway_id_;

    std::mutex mutex_;  // guards everything below up to the threads
    std::condition_variable wake_;
    std::deque<Request> queue_;
    bool stopping_ = false;
    std::function<void(const core::RoomUpdate&)> listener_;
    struct PendingModeration {
        std::function<void(core::ModerationReply)> done;
        std::chrono::steady_clock::time_point deadline;
    };
    std::unordered_map<std::string, PendingModeration> moderation_;
    std::uint64_t next_request_ = 1;
    std::unordered_map<std::int64_t, std::size_t> here_;    // viewers here, by event (0: reported once, then dropped)
    std::unordered_map<std::int64_t, std::size_t> totals_;  // viewers on every gateway, as last read
    bool following_ = false;  // the reader knows where the feed stands: rooms may open

    RedisConnection reads_;  // snapshot(): the gateway's thread only
    std::thread sender_;
    std::thread reader_;
};

}  // namespace openhall::redis_bus
