// Live questions as plain values: their states, where they came from, and the moderation actions on them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "openhall/core/base/ids.hpp"
#include "openhall/core/base/time.hpp"
#include "openhall/core/events/media_timeline.hpp"

namespace openhall::core {

using QuestionId = StrongId<struct QuestionIdTag>;

// pending → approved ⇄ answered; pending/approved → rejected (and back by approving); any but rejected → merged.
enum class QuestionStatus { Pending, Approved, Rejected, Answered, Merged };
enum class QuestionSource { Online, Room };
enum class ModerationAction { Approve, Reject, Pin, Unpin, Answered, Merge };

std::string_view wire_name(QuestionStatus status);
std::string_view wire_name(QuestionSource source);
std::string_view wire_name(ModerationAction action);
std::optional<QuestionStatus> parse_question_status(std::string_view name);
std::optional<ModerationAction> parse_moderation_action(std::string_view name);

// Viewers see approved and answered questions; the rest only staff.
bool is_public(QuestionStatus status);

struct Question {
    QuestionId id;
    EventId event_id;
    std::string ticket;
    std::string client_id;
    std::string text;
    std::string name;
    QuestionSource source = QuestionSource::Online;
    QuestionStatus status = QuestionStatus::Pending;
    bool flagged = false;
    std::string flag_reason;  // the sensitive word that matched
    bool pinned = false;
    std::int64_t votes = 0;
    std::optional<QuestionId> merged_into;
    std::string reject_reason;  // internal, never public
    WallMillis asked_at;
    std::optional<double> media_offset_s;
    std::string entered_by;  // staff member who entered a room question
    std::optional<QuestionId> looks_like;  // the pending or published question it looked like when asked
    bool operator==(const Question&) const = default;
};

// QUESTION as the contract gives it, plus "pinned", "source" and "merged_into"; `staff` adds the moderation
// fields (ticket, flagged, flag_reason, reject_reason, entered_by, looks_like). Never the asker's viewer token or address.
nlohmann::json to_json(const Question& q, const UtcOffsetAt& offset_at, bool staff = false);

}  // namespace openhall::core
