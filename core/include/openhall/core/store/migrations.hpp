// The numbered schema migrations, embedded in the binary from core/migrations/*.sql at build time.
#pragma once

#include <span>
#include <string_view>

namespace openhall::core {

struct Migration {
    int version;
    std::string_view name;
    std::string_view sql;
};

// In ascending version order, numbered 1, 2, 3... without gaps.
std::span<const Migration> all_migrations();

}  // namespace openhall::core
