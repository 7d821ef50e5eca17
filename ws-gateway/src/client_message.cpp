#include "openhall/gateway/client_message.hpp"

#include <nlohmann/json.hpp>

#include "openhall/core/text/text.hpp"

namespace openhall::gateway {
namespace {

using nlohmann::json;

MessageError invalid(std::string message, std::optional<std::string> id = std::nullopt) {
    return MessageError{"invalid_message", std::move(message), std::move(id)};
}

std::optional<core::QuestionId> question_id(const json& value) {
    if (!value.is_number_integer()) return std::nullopt;
    const auto id = value.get<std::int64_t>();
    if (id <= 0) return std::nullopt;
    return core::QuestionId{id};
}

ClientMessage parse_ask(const json& m) {
    const auto id_field = m.find("id");
    if (id_field == m.end() || !id_field->is_string()) return invalid("ask needs \"id\": a string the client makes");
    const auto id = id_field->get<std::string>();
    const auto id_chars = core::utf8_length(id);
    if (!id_chars || *id_chars == 0 || *id_chars > kMaxClientIdChars)
        return invalid("\"id\" must be 1 to 64 characters", core::is_valid_utf8(id) ? std::optional(id) : std::nullopt);
    const auto text = m.find("text");
    if (text == m.end() || !text->is_string()) return invalid("ask needs \"text\": the question", id);
    std::string name;
    if (auto n = m.find("name"); n != m.end() && !n->is_null()) {
        if (!n->is_string()) return invalid("\"name\" must be a string", id);
        name = n->get<std::string>();
    }
    return AskMessage{id, text->get<std::string>(), std::move(name)};
}

ClientMessage parse_vote(const json& m) {
    auto q = m.find("question");
    if (q == m.end()) return invalid("vote needs \"question\": a question id");
    auto id = question_id(*q);
    if (!id) return invalid("\"question\" must be a positive integer");
    return VoteMessage{*id};
}

ClientMessage parse_moderate(const json& m) {
    auto q = m.find("question");
    auto id = q == m.end() ? std::nullopt : question_id(*q);
    if (!id) return invalid("moderate needs \"question\": a positive integer");
    auto a = m.find("action");
    if (a == m.end() || !a->is_string()) return invalid("moderate needs \"action\"");
    auto action = core::parse_moderation_action(a->get<std::string>());
    if (!action) return invalid("\"action\" must be one of approve, reject, pin, unpin, answered, merge");
    ModerateMessage out{*id, *action, std::nullopt, ""};
    if (auto into = m.find("into"); into != m.end() && !into->is_null()) {
        out.into = question_id(*into);
        if (!out.into) return invalid("\"into\" must be a positive integer");
    }
    if (auto r = m.find("reason"); r != m.end() && !r->is_null()) {
        if (!r->is_string()) return invalid("\"reason\" must be a string");
        out.reason = r->get<std::string>();
    }
    return out;
}

}  // namespace

ClientMessage parse_client_message(std::string_view frame) {
    if (frame.size() > kMaxFrameBytes)
        return MessageError{"too_large", "a message may have at most 8192 bytes", std::nullopt};
    // No exceptions: the parser reports a discarded value for malformed input (invalid UTF-8 included).
    const json m = json::parse(frame, nullptr, false);
    if (m.is_discarded()) return MessageError{"bad_json", "the message is not valid JSON (UTF-8)", std::nullopt};
    if (!m.is_object()) return MessageError{"bad_json", "a message is a JSON object with a \"type\"", std::nullopt};
    const auto type = m.find("type");
    if (type == m.end() || !type->is_string())
        return MessageError{"invalid_message", "a message needs a \"type\"", std::nullopt};
    const auto& t = type->get_ref<const std::string&>();
    if (t == "ask") return parse_ask(m);
    if (t == "vote") return parse_vote(m);
    if (t == "moderate") return parse_moderate(m);
    return MessageError{"unknown_type", "unknown message type (ask, vote and moderate are known)", std::nullopt};
}

}  // namespace openhall::gateway
