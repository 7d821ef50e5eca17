// SHA-256 of a file, as lower-case hex (libsodium), for archive checksums.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace openhall::core {

// nullopt when the file cannot be read.
std::optional<std::string> sha256_file(const std::filesystem::path& file);

}  // namespace openhall::core
