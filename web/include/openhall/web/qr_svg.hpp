// A QR code (libqrencode) drawn as SVG, for a registration code shown at the door.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace openhall::web {

// nullopt when the text cannot be encoded (too long).
std::optional<std::string> qr_svg(std::string_view text);

}  // namespace openhall::web
