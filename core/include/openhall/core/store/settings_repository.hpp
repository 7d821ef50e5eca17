// Key-value settings kept in the database (for example the display time zone, the demo seed marker).
#pragma once

#include <optional>
#include <string>

#include "openhall/core/store/database.hpp"

namespace openhall::core {

class SettingsRepository {
public:
    explicit SettingsRepository(Database& db) : db_(db) {}
    std::optional<std::string> get(std::string_view key);
    void set(std::string_view key, std::string_view value);

private:
    Database& db_;
};

}  // namespace openhall::core
