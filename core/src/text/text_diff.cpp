#include "openhall/core/text/text_diff.hpp"

namespace openhall::core {
namespace {

constexpr std::size_t kMaxCells = 4'000'000;  // 16 MB of table

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const auto end = text.find('\n');
        lines.push_back(text.substr(0, end));
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return lines;
}

}  // namespace

std::string_view wire_name(DiffLine::Op op) {
    switch (op) {
        case DiffLine::Op::Same: return "same";
        case DiffLine::Op::Added: return "added";
        case DiffLine::Op::Removed: return "removed";
    }
    return "same";
}

std::vector<DiffLine> diff_lines(std::string_view before, std::string_view after) {
    const auto a = split_lines(before);
    const auto b = split_lines(after);
    const std::size_t n = a.size(), m = b.size();
    if (n * m > kMaxCells) {
        // Too large to align in bounded memory: shown as replaced whole.
        std::vector<DiffLine> out;
        for (auto line : a) out.push_back({DiffLine::Op::Removed, std::string(line)});
        for (auto line : b) out.push_back({DiffLine::Op::Added, std::string(line)});
        return out;
    }
    // common[i][j]: length of the longest common subsequence of a[i..] and b[j..].
    std::vector<std::vector<std::uint32_t>> common(n + 1, std::vector<std::uint32_t>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;)
        for (std::size_t j = m; j-- > 0;)
            common[i][j] = a[i] == b[j] ? common[i + 1][j + 1] + 1 : std::max(common[i + 1][j], common[i][j + 1]);
    std::vector<DiffLine> out;
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[i] == b[j]) {
            out.push_back({DiffLine::Op::Same, std::string(a[i])});
            ++i, ++j;
        } else if (i < n && (j == m || common[i + 1][j] >= common[i][j + 1])) {
            out.push_back({DiffLine::Op::Removed, std::string(a[i++])});  // what went, before what came instead
        } else {
            out.push_back({DiffLine::Op::Added, std::string(b[j++])});
        }
    }
    return out;
}

}  // namespace openhall::core
