// Reading JSON request bodies field by field, with an error that names the field and what was wrong.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "openhall/core/base/result.hpp"
#include "openhall/core/base/time.hpp"
#include "openhall/web/http_types.hpp"

namespace openhall::web {

// Parses a body that must be one JSON object; InvalidJson otherwise.
core::Result<nlohmann::json> parse_json_object(std::string_view body);

// InvalidInput naming the first field not in `allowed`.
core::Status reject_unknown_fields(const nlohmann::json& object, std::initializer_list<std::string_view> allowed);

// A request's body: one JSON object with none but `fields` (InvalidJson, InvalidInput); no fields: not read.
core::Result<nlohmann::json> read_body(const Request& request, std::initializer_list<std::string_view> fields);

// Each reader: absent → nullopt (or an error when required); present with the wrong type → an error.
core::Result<std::optional<std::string>> read_string(const nlohmann::json& object, std::string_view field,
                                                     bool required);
core::Result<std::optional<std::int64_t>> read_integer(const nlohmann::json& object, std::string_view field,
                                                       bool required);
core::Result<std::optional<bool>> read_boolean(const nlohmann::json& object, std::string_view field, bool required);
core::Result<std::optional<core::Timestamp>> read_time(const nlohmann::json& object, std::string_view field,
                                                       bool required);

// A list of positive integer ids (at most kIdListMax).
inline constexpr std::size_t kIdListMax = 500;
core::Result<std::optional<std::vector<std::int64_t>>> read_id_list(const nlohmann::json& object, std::string_view field,
                                                                  bool required);

// A field that may be absent, null, or an integer (for example "capacity" in a PATCH).
core::Result<std::optional<std::optional<std::int64_t>>> read_nullable_integer(const nlohmann::json& object,
                                                                               std::string_view field);

}  // namespace openhall::web
