// One connection to Redis over hiredis' blocking API, for one thread: commands one at a time or pipelined, a new
// connection after a failure. Redis is at redis://HOST:PORT (RESP2; Redis 7).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

struct redisContext;
struct redisReply;

namespace openhall::redis_bus {

// Redis cannot be reached, or the connection broke (the caller's `unavailable`).
struct RedisUnavailable : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A reply Redis gave; an error reply (-ERR ...) is a Reply whose is_error() is true, not an exception.
class Reply {
    struct Free {
        bool owned = true;
        void operator()(redisReply* r) const;
    };

public:
    explicit Reply(redisReply* reply) : reply_(reply, Free{true}) {}
    bool is_nil() const;
    bool is_error() const;
    bool is_array() const;
    long long integer() const;   // an integer reply (0 for others)
    std::string text() const;    // a string, status or error reply ("" for others)
    std::size_t size() const;    // elements of an array reply
    Reply element(std::size_t i) const;  // a view into this reply: valid while it lives
    // An array of field, value, field, value … (HGETALL, a stream entry's fields) as a map.
    std::map<std::string, std::string> pairs() const;

private:
    Reply(redisReply* reply, bool owned) : reply_(reply, Free{owned}) {}
    std::unique_ptr<redisReply, Free> reply_;
};

struct RedisAddress {
    std::string host = "127.0.0.1";
    int port = 6379;
    // Parses redis://HOST[:PORT][/]; throws std::invalid_argument naming what is wrong.
    static RedisAddress parse(const std::string& url);
    std::string url() const { return "redis://" + host + ":" + std::to_string(port); }
};

class RedisConnection {
public:
    // Connects lazily, on the first command. `timeout`: for connecting and for each reply (a blocking read such
    // as XREAD BLOCK must ask for less).
    explicit RedisConnection(RedisAddress address, std::chrono::milliseconds timeout = std::chrono::milliseconds{2000});
    ~RedisConnection();
    RedisConnection(const RedisConnection&) = delete;
    RedisConnection& operator=(const RedisConnection&) = delete;

    // Sends the command (binary-safe arguments) and returns Redis' reply. Throws RedisUnavailable when Redis
    // cannot be reached or the connection breaks (the connection is dropped; the next command reconnects).
    Reply command(const std::vector<std::string>& argv);
    // Sends every command, then reads every reply, in order (one round trip; with appendfsync always, one
    // fsync for the lot). Throws RedisUnavailable as command does: then none of the replies is known.
    std::vector<Reply> pipeline(const std::vector<std::vector<std::string>>& commands);

    const RedisAddress& address() const { return address_; }
    // Whether a connection is open now (made by an earlier command and not dropped since). A command that fails
    // on such a connection may have found it closed by a Redis that restarted meanwhile.
    bool is_open() const { return context_ != nullptr; }

private:
    redisContext* connected();
    void drop();

    RedisAddress address_;
    std::chrono::milliseconds timeout_;
    redisContext* context_ = nullptr;
};

}  // namespace openhall::redis_bus
