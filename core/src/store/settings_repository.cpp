#include "openhall/core/store/settings_repository.hpp"

namespace openhall::core {

std::optional<std::string> SettingsRepository::get(std::string_view key) {
    auto st = db_.prepare("SELECT value FROM settings WHERE key = ?");
    st.bind(1, std::string(key));
    if (!st.executeStep()) return std::nullopt;
    return st.getColumn(0).getString();
}

void SettingsRepository::set(std::string_view key, std::string_view value) {
    auto st = db_.prepare(
        "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    st.bind(1, std::string(key));
    st.bind(2, std::string(value));
    st.exec();
}

}  // namespace openhall::core
