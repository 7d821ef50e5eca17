#include "openhall/core/live_questions/question.hpp"

#include "openhall/core/base/wire_names.hpp"

namespace openhall::core {
namespace {

constexpr std::pair<QuestionStatus, std::string_view> kStatusNames[] = {
    {QuestionStatus::Pending, "pending"},   {QuestionStatus::Approved, "approved"},
    {QuestionStatus::Rejected, "rejected"}, {QuestionStatus::Answered, "answered"},
    {QuestionStatus::Merged, "merged"},
};

constexpr std::pair<ModerationAction, std::string_view> kActionNames[] = {
    {ModerationAction::Approve, "approve"}, {ModerationAction::Reject, "reject"},
    {ModerationAction::Pin, "pin"},         {ModerationAction::Unpin, "unpin"},
    {ModerationAction::Answered, "answered"}, {ModerationAction::Merge, "merge"},
};

}  // namespace

std::string_view wire_name(QuestionStatus status) { return name_in(kStatusNames, status); }
std::string_view wire_name(ModerationAction action) { return name_in(kActionNames, action); }
std::string_view wire_name(QuestionSource source) { return source == QuestionSource::Room ? "room" : "online"; }
std::optional<QuestionStatus> parse_question_status(std::string_view name) { return value_in(kStatusNames, name); }
std::optional<ModerationAction> parse_moderation_action(std::string_view name) { return value_in(kActionNames, name); }

bool is_public(QuestionStatus status) { return status == QuestionStatus::Approved || status == QuestionStatus::Answered; }

nlohmann::json to_json(const Question& q, const UtcOffsetAt& offset_at, bool staff) {
    const auto asked = std::chrono::time_point_cast<std::chrono::seconds>(q.asked_at);
    nlohmann::json j = {
        {"id", q.id.value},
        {"event_id", q.event_id.value},
        {"text", q.text},
        {"name", q.name},
        {"status", wire_name(q.status)},
        {"votes", q.votes},
        {"asked_at", format_rfc3339(asked, offset_at ? offset_at(asked) : std::chrono::seconds{0})},
        {"media_offset_s", q.media_offset_s ? nlohmann::json(*q.media_offset_s) : nlohmann::json()},
        {"pinned", q.pinned},
        {"source", wire_name(q.source)},
        {"merged_into", q.merged_into ? nlohmann::json(q.merged_into->value) : nlohmann::json()},
    };
    if (staff) {
        j["ticket"] = q.ticket;
        j["flagged"] = q.flagged;
        j["flag_reason"] = q.flag_reason;
        j["reject_reason"] = q.reject_reason;
        j["entered_by"] = q.entered_by;
        j["looks_like"] = q.looks_like ? nlohmann::json(q.looks_like->value) : nlohmann::json();
    }
    return j;
}

}  // namespace openhall::core
