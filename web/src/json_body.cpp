#include "openhall/web/json_body.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace openhall::web {

using core::ErrorCode;
using core::make_error;

core::Result<nlohmann::json> parse_json_object(std::string_view body) {
    // RFC 8259 §4 leaves a repeated name's meaning open, and parsers disagree on it (nlohmann keeps the last), so a
    // repeated name is refused rather than guessed: {"kind":"interview","kind":"hearing"}. One set of names per
    // object being read; the parser reports names and object boundaries in document order.
    std::vector<std::set<std::string>> names;
    std::optional<std::string> repeated;
    const nlohmann::json::parser_callback_t watch = [&](int, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        using Event = nlohmann::json::parse_event_t;
        if (event == Event::object_start) names.emplace_back();
        if (event == Event::object_end && !names.empty()) names.pop_back();
        if (event == Event::key && !names.empty() && !names.back().insert(parsed.get<std::string>()).second && !repeated)
            repeated = parsed.get<std::string>();
        return true;
    };
    auto value = nlohmann::json::parse(body, watch, /*allow_exceptions=*/false);
    if (value.is_discarded()) return make_error(ErrorCode::InvalidJson, "the request body is not valid JSON");
    if (repeated)
        return make_error(ErrorCode::InvalidJson, fmt::format("the request body names \"{}\" more than once", *repeated));
    if (!value.is_object()) return make_error(ErrorCode::InvalidJson, "the request body must be a JSON object");
    return value;
}

core::Status reject_unknown_fields(const nlohmann::json& object, std::initializer_list<std::string_view> allowed) {
    for (const auto& [key, _] : object.items())
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
            return make_error(ErrorCode::InvalidInput, fmt::format("unknown field \"{}\"", key));
    return core::Ok{};
}

namespace {

template <typename T, typename Check, typename Convert>
core::Result<std::optional<T>> read_field(const nlohmann::json& object, std::string_view field, bool required,
                                          std::string_view type_name, Check check, Convert convert) {
    auto it = object.find(field);
    if (it == object.end() || it->is_null()) {
        if (required) return make_error(ErrorCode::InvalidInput, fmt::format("{} is required", field));
        return std::optional<T>{};
    }
    if (!check(*it)) return make_error(ErrorCode::InvalidInput, fmt::format("{} must be {}", field, type_name));
    return convert(*it, field);
}

}  // namespace

core::Result<std::optional<std::string>> read_string(const nlohmann::json& object, std::string_view field,
                                                     bool required) {
    return read_field<std::string>(
        object, field, required, "a string", [](const nlohmann::json& v) { return v.is_string(); },
        [](const nlohmann::json& v, std::string_view) -> core::Result<std::optional<std::string>> {
            return std::optional<std::string>(v.get<std::string>());
        });
}

core::Result<std::optional<std::int64_t>> read_integer(const nlohmann::json& object, std::string_view field,
                                                       bool required) {
    return read_field<std::int64_t>(
        object, field, required, "a whole number",
        [](const nlohmann::json& v) { return v.is_number_integer(); },
        [](const nlohmann::json& v, std::string_view) -> core::Result<std::optional<std::int64_t>> {
            return std::optional<std::int64_t>(v.get<std::int64_t>());
        });
}

core::Result<std::optional<bool>> read_boolean(const nlohmann::json& object, std::string_view field, bool required) {
    return read_field<bool>(
        object, field, required, "true or false", [](const nlohmann::json& v) { return v.is_boolean(); },
        [](const nlohmann::json& v, std::string_view) -> core::Result<std::optional<bool>> {
            return std::optional<bool>(v.get<bool>());
        });
}

core::Result<std::optional<core::Timestamp>> read_time(const nlohmann::json& object, std::string_view field,
                                                       bool required) {
    return read_field<core::Timestamp>(
        object, field, required, "an RFC 3339 time such as 2026-12-01T09:30:00+08:00",
        [](const nlohmann::json& v) { return v.is_string(); },
        [](const nlohmann::json& v, std::string_view name) -> core::Result<std::optional<core::Timestamp>> {
            auto t = core::parse_rfc3339(v.get<std::string>());
            if (!t)
                return make_error(ErrorCode::InvalidInput,
                                  fmt::format("{} must be an RFC 3339 time such as 2026-12-01T09:30:00+08:00", name));
            return std::optional<core::Timestamp>(*t);
        });
}

core::Result<std::optional<std::optional<std::int64_t>>> read_nullable_integer(const nlohmann::json& object,
                                                                               std::string_view field) {
    using Out = std::optional<std::optional<std::int64_t>>;
    auto it = object.find(field);
    if (it == object.end()) return Out{};
    if (it->is_null()) return Out{std::optional<std::int64_t>{}};
    if (!it->is_number_integer())
        return make_error(ErrorCode::InvalidInput, fmt::format("{} must be a whole number or null", field));
    return Out{std::optional<std::int64_t>{it->get<std::int64_t>()}};
}

core::Result<std::optional<std::vector<std::int64_t>>> read_id_list(const nlohmann::json& object, std::string_view field,
                                                                  bool required) {
    return read_field<std::vector<std::int64_t>>(
        object, field, required, "a list of ids",
        [](const nlohmann::json& v) { return v.is_array(); },
        [](const nlohmann::json& v, std::string_view name) -> core::Result<std::optional<std::vector<std::int64_t>>> {
            std::vector<std::int64_t> ids;
            for (const auto& item : v) {
                if (!item.is_number_integer() || item.get<std::int64_t>() <= 0)
                    return core::make_error(core::ErrorCode::InvalidInput,
                                            fmt::format("{} must hold positive whole numbers only", name));
                ids.push_back(item.get<std::int64_t>());
            }
            if (ids.size() > kIdListMax)
                return core::make_error(core::ErrorCode::InvalidInput,
                                        fmt::format("{} holds at most {} ids", name, kIdListMax));
            return std::optional(std::move(ids));
        });
}

core::Result<nlohmann::json> read_body(const Request& request, std::initializer_list<std::string_view> fields) {
    if (fields.size() == 0) return nlohmann::json::object();
    auto body = parse_json_object(request.body);
    if (!body) return body.error();
    if (auto s = reject_unknown_fields(*body, fields); !s) return s.error();
    return body;
}

}  // namespace openhall::web
