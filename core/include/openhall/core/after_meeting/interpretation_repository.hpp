// Interpretations, their versions, reviews and comments in SQLite. No rules here (InterpretationService has them).
#pragma once

#include <optional>
#include <vector>

#include "openhall/core/after_meeting/interpretation.hpp"
#include "openhall/core/store/database.hpp"

namespace openhall::core {

class InterpretationRepository {
public:
    explicit InterpretationRepository(Database& db) : db_(db) {}

    InterpretationId insert(EventId event, std::string_view created_by, Timestamp now);
    // Writes the state fields (status, versions, window, dates).
    void update_state(const Interpretation& i);
    std::optional<Interpretation> find(InterpretationId id);
    // All statuses when `statuses` is empty; newest first.
    std::vector<Interpretation> list(std::optional<EventId> event, const std::vector<InterpretationStatus>& statuses);

    void add_version(InterpretationId id, const InterpretationVersion& v);
    std::optional<InterpretationVersion> version(InterpretationId id, int number);
    std::vector<InterpretationVersion> versions(InterpretationId id);

    void add_review(InterpretationId id, const Review& r);
    std::vector<Review> reviews(InterpretationId id);

    CommentId add_comment(const Comment& c);
    std::optional<Comment> find_comment(CommentId id);
    void update_comment(const Comment& c, Timestamp now);
    // All statuses when `statuses` is empty; oldest first.
    std::vector<Comment> comments(InterpretationId id, const std::vector<CommentStatus>& statuses);

private:
    Database& db_;
};

}  // namespace openhall::core
