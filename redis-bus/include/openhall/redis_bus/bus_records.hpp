// The forms questions and room updates take inside Redis: JSON with every field (times in milliseconds since the
// epoch), read back to the same values. Only OpenHall's own processes read them; they are not the public JSON.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "openhall/core/live_questions/question_bus.hpp"

namespace openhall::redis_bus {

nlohmann::json new_question_record(const core::NewQuestion& q);
// Throws nlohmann::json::exception on a record that is not one (the caller logs it and moves on).
core::NewQuestion new_question_from(const nlohmann::json& record);

nlohmann::json question_record(const core::Question& q);
core::Question question_from(const nlohmann::json& record);

nlohmann::json caption_record(const core::CaptionLine& line);
core::CaptionLine caption_from(const nlohmann::json& record);

// A RoomUpdate as the fields of one entry of the feed stream (event, seq, kind, body).
std::map<std::string, std::string> update_fields(const core::RoomUpdate& update);
core::RoomUpdate update_from(const std::map<std::string, std::string>& fields);

}  // namespace openhall::redis_bus
