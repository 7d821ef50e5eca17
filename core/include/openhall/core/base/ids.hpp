// Strong integer identifiers, so an event id cannot be passed where a user id is wanted.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace openhall::core {

template <typename Tag>
struct StrongId {
    std::int64_t value = 0;
    constexpr auto operator<=>(const StrongId&) const = default;
};

using EventId = StrongId<struct EventIdTag>;
using AgendaItemId = StrongId<struct AgendaItemIdTag>;
using UserId = StrongId<struct UserIdTag>;
using DepartmentId = StrongId<struct DepartmentIdTag>;
using TopicId = StrongId<struct TopicIdTag>;
using AssignmentId = StrongId<struct AssignmentIdTag>;
using InterpretationId = StrongId<struct InterpretationIdTag>;
using CommentId = StrongId<struct CommentIdTag>;

}  // namespace openhall::core

template <typename Tag>
struct std::hash<openhall::core::StrongId<Tag>> {
    std::size_t operator()(const openhall::core::StrongId<Tag>& id) const noexcept {
        return std::hash<std::int64_t>{}(id.value);
    }
};
