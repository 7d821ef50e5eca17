// A line diff of two texts (longest common subsequence), for comparing versions of an interpretation.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace openhall::core {

struct DiffLine {
    enum class Op { Same, Added, Removed };
    Op op = Op::Same;
    std::string text;
    bool operator==(const DiffLine&) const = default;
};

std::string_view wire_name(DiffLine::Op op);

// The lines of `after` and `before` in order, each marked same, added (only in after) or removed (only in before).
std::vector<DiffLine> diff_lines(std::string_view before, std::string_view after);

}  // namespace openhall::core
