// The hearing's lottery (抽籤): reproducible from a seed announced beforehand, so anyone holding the seed and the
// published list of application codes can draw again and get the same list. Each code's key is the SHA-256 of
// "<seed>:<code>" (hex); the codes sorted by key are the draw, and the first `seats` of them are drawn, in that
// order. A hash spreads the keys evenly, so every application has the same chance whatever its place in the list.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace openhall::core {

// The key of one application under a seed: 64 lower-case hex characters.
std::string lottery_key(std::string_view seed, std::string_view code);

// The drawn codes in their drawn order (at most `seats`).
std::vector<std::string> draw_lottery(std::string_view seed, std::vector<std::string> codes, std::size_t seats);

}  // namespace openhall::core
