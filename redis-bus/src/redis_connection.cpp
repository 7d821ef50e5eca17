#include "openhall/redis_bus/redis_connection.hpp"

#include <charconv>

#include <hiredis/hiredis.h>

namespace openhall::redis_bus {
namespace {

timeval as_timeval(std::chrono::milliseconds t) {
    return timeval{static_cast<time_t>(t.count() / 1000), static_cast<suseconds_t>((t.count() % 1000) * 1000)};
}

}  // namespace

void Reply::Free::operator()(redisReply* r) const {
    if (owned && r) freeReplyObject(r);
}

bool Reply::is_nil() const { return !reply_ || reply_->type == REDIS_REPLY_NIL; }
bool Reply::is_error() const { return reply_ && reply_->type == REDIS_REPLY_ERROR; }
bool Reply::is_array() const { return reply_ && reply_->type == REDIS_REPLY_ARRAY; }
long long Reply::integer() const { return reply_ && reply_->type == REDIS_REPLY_INTEGER ? reply_->integer : 0; }

std::string Reply::text() const {
    if (!reply_) return {};
    switch (reply_->type) {
        case REDIS_REPLY_STRING:
        case REDIS_REPLY_STATUS:
        case REDIS_REPLY_ERROR:
            return std::string(reply_->str, reply_->len);
        case REDIS_REPLY_INTEGER:
            return std::to_string(reply_->integer);
        default:
            return {};
    }
}

std::size_t Reply::size() const { return is_array() ? reply_->elements : 0; }

Reply Reply::element(std::size_t i) const {
    if (i >= size()) return Reply(nullptr, false);
    return Reply(reply_->element[i], false);
}

std::map<std::string, std::string> Reply::pairs() const {
    std::map<std::string, std::string> out;
    for (std::size_t i = 0; i + 1 < size(); i += 2) out[element(i).text()] = element(i + 1).text();
    return out;
}

RedisAddress RedisAddress::parse(const std::string& url) {
    constexpr std::string_view kScheme = "redis://";
    if (!url.starts_with(kScheme)) throw std::invalid_argument("a Redis URL begins with redis://, e.g. redis://127.0.0.1:6379");
    std::string_view rest = std::string_view(url).substr(kScheme.size());
    while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    if (rest.find_first_of("/@?#") != std::string_view::npos)
        throw std::invalid_argument("a Redis URL here is redis://HOST[:PORT], without a user, database or options");
    RedisAddress address;
    const auto colon = rest.rfind(':');
    address.host = std::string(rest.substr(0, colon));
    if (colon != std::string_view::npos) {
        const auto digits = rest.substr(colon + 1);
        auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), address.port);
        if (error != std::errc() || end != digits.data() + digits.size() || address.port < 1 || address.port > 65535)
            throw std::invalid_argument("the port in the Redis URL is not a number from 1 to 65535");
    }
    if (address.host.empty()) throw std::invalid_argument("the Redis URL names no host");
    return address;
}

RedisConnection::RedisConnection(RedisAddress address, std::chrono::milliseconds timeout)
    : address_(std::move(address)), timeout_(timeout) {}

RedisConnection::~RedisConnection() { drop(); }

void RedisConnection::drop() {
    if (context_) redisFree(context_);
    context_ = nullptr;
}

redisContext* RedisConnection::connected() {
    if (context_) return context_;
    context_ = redisConnectWithTimeout(address_.host.c_str(), address_.port, as_timeval(timeout_));
    if (!context_ || context_->err) {
        const std::string why = context_ ? context_->errstr : "out of memory";
        drop();
        throw RedisUnavailable("cannot connect to " + address_.url() + ": " + why);
    }
    redisSetTimeout(context_, as_timeval(timeout_));
    redisEnableKeepAlive(context_);
    return context_;
}

Reply RedisConnection::command(const std::vector<std::string>& argv) {
    auto replies = pipeline({argv});
    return std::move(replies.front());
}

std::vector<Reply> RedisConnection::pipeline(const std::vector<std::vector<std::string>>& commands) {
    auto* c = connected();
    for (const auto& argv : commands) {
        std::vector<const char*> args;
        std::vector<std::size_t> lengths;
        for (const auto& a : argv) {
            args.push_back(a.data());
            lengths.push_back(a.size());
        }
        redisAppendCommandArgv(c, static_cast<int>(args.size()), args.data(), lengths.data());
    }
    std::vector<Reply> replies;
    replies.reserve(commands.size());
    for (std::size_t i = 0; i < commands.size(); ++i) {
        void* reply = nullptr;
        if (redisGetReply(c, &reply) != REDIS_OK || !reply) {
            const std::string why = c->errstr;
            drop();
            throw RedisUnavailable("lost the connection to " + address_.url() + ": " + why);
        }
        replies.emplace_back(static_cast<redisReply*>(reply));
    }
    return replies;
}

}  // namespace openhall::redis_bus
