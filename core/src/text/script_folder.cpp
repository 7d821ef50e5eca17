#include "openhall/core/text/script_folder.hpp"

#include <glib.h>
#include <opencc/SimpleConverter.hpp>

#include "openhall/core/text/text.hpp"

namespace openhall::core {

ScriptFolder::ScriptFolder() : to_simplified_(std::make_unique<opencc::SimpleConverter>("t2s.json")) {}
ScriptFolder::~ScriptFolder() = default;
ScriptFolder::ScriptFolder(ScriptFolder&&) noexcept = default;
ScriptFolder& ScriptFolder::operator=(ScriptFolder&&) noexcept = default;

std::string ScriptFolder::fold(std::string_view text) const {
    if (!is_valid_utf8(text)) return {};
    gchar* compatible = g_utf8_normalize(text.data(), static_cast<gssize>(text.size()), G_NORMALIZE_NFKC);
    if (!compatible) return {};
    const auto simplified = to_simplified_->Convert(compatible);
    g_free(compatible);
    std::string out;
    for (const gchar* p = simplified.c_str(); *p; p = g_utf8_next_char(p)) {
        const gunichar c = g_unichar_tolower(g_utf8_get_char(p));
        if (!g_unichar_isalnum(c)) continue;
        char buffer[6];
        out.append(buffer, static_cast<std::size_t>(g_unichar_to_utf8(c, buffer)));
    }
    return out;
}

}  // namespace openhall::core
