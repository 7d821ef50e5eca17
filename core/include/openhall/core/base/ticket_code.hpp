// Ticket codes: what an asker keeps to follow a question. Short, easy to read out over the phone and to type:
// eight characters in two groups ("K7QM-4XP9") from an alphabet without look-alikes (no 0/O, 1/I/L).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace openhall::core {

// Random (libsodium); uniqueness is the store's job (a unique index, and a new code on a clash).
std::string make_ticket_code();

// A code as typed ("k7qm 4xp9", "K7QM4XP9") in its stored form ("K7QM-4XP9"): upper-cased, spaces and dashes
// dropped, regrouped; nullopt when it cannot be a ticket.
std::optional<std::string> canonical_ticket_code(std::string_view typed);

}  // namespace openhall::core
