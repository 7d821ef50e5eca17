// The server's side of the question bus through Redis (`openhall serve --redis URL`): takes what gateways ask
// (the commands stream, as the consumer group "server", so nothing acknowledged by Redis is skipped across a
// restart) to the hub, and publishes every RoomUpdate the hub numbers to the feed stream and the rooms' hashes
// that gateways open rooms from. Keys: src/redis_keys.hpp; docs/deployment.md.
//
// An ask is stored in SQLite idempotently by its client id, and only then acknowledged in the stream (XACK), so
// a server killed in between stores it again at its next start, once. While Redis is unreachable, updates wait
// in order and are published when it returns.
//
// Threads: one reads commands (XREADGROUP BLOCK), one publishes (updates, XACKs, replies, pipelined).
#pragma once

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "openhall/core/live_questions/live_question_hub.hpp"
#include "openhall/redis_bus/redis_connection.hpp"

namespace openhall::redis_bus {

class RedisRelay {
public:
    // Listens to the hub (its only listener). Does nothing with Redis until start().
    RedisRelay(core::LiveQuestionHub& hub, core::QuestionWriter& writer, RedisAddress redis);
    ~RedisRelay();
    RedisRelay(const RedisRelay&) = delete;
    RedisRelay& operator=(const RedisRelay&) = delete;

    // Raises the question id counter to the database's highest id, makes new questions take their ids from it,
    // publishes every public event's room as the database has it, then starts both threads. `db` is read here
    // (the caller's thread). Throws RedisUnavailable when Redis cannot be reached at start.
    void start(core::Database& db);
    // Raises the question id counter to the database's highest id (after questions were stored without the
    // counter: the demo's). The caller's thread.
    void raise_question_ids(core::Database& db);
    // Stops taking commands from gateways (first at shutdown: then the writer stores what it has queued and the
    // hub publishes it through this relay).
    void stop_reading();
    // Then: stops listening to the hub, publishes what is queued (as far as Redis takes it), stops.
    void stop();

private:
    struct Outgoing {
        std::vector<std::vector<std::string>> commands;
        bool passing = false;  // a speech engine's partial words: worth nothing once late, dropped in an outage
    };
    void publish(std::vector<std::vector<std::string>> commands, bool passing = false);
    void read_loop();
    void publish_loop();
    void dispatch(const std::string& id, std::map<std::string, std::string> fields);
    void acknowledge(const std::string& id);

    core::LiveQuestionHub& hub_;
    core::QuestionWriter& writer_;
    RedisAddress redis_;

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Outgoing> outgoing_;
    bool stopping_ = false;
    bool reading_ = false;
    std::thread reader_;
    std::thread publisher_;
};

}  // namespace openhall::redis_bus
