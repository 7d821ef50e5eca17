#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "openhall/admin/archive.hpp"
#include "openhall/admin/run_command.hpp"
#include "openhall/core/base/sha256.hpp"

namespace openhall::admin {
namespace {

namespace fs = std::filesystem;

bool safe_relative(const std::string& path) {
    if (path.empty() || path.front() == '/') return false;
    for (const auto& part : fs::path(path))
        if (part == "..") return false;
    return true;
}

void verify_folder(const fs::path& root, ArchiveReport& report) {
    std::ifstream sums_file(root / "SHA256SUMS");
    if (!sums_file) {
        report.problems.push_back("SHA256SUMS is missing");
        return;
    }
    std::map<std::string, std::string> sums;
    std::string line;
    while (std::getline(sums_file, line)) {
        if (line.size() < 67 || line.substr(64, 2) != "  ") {
            report.problems.push_back("SHA256SUMS has a malformed line: " + line);
            continue;
        }
        const auto path = line.substr(66);
        if (!safe_relative(path)) {
            report.problems.push_back("SHA256SUMS names a path outside the bundle: " + path);
            continue;
        }
        sums[path] = line.substr(0, 64);
    }
    for (const auto& [path, expected] : sums) {
        auto actual = core::sha256_file(root / path);
        if (!actual)
            report.problems.push_back("missing: " + path);
        else if (*actual != expected)
            report.problems.push_back("changed: " + path);
        else
            ++report.files_checked;
    }
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (!entry.is_regular_file()) continue;
        const auto path = fs::relative(entry.path(), root).generic_string();
        if (path != "SHA256SUMS" && !sums.contains(path)) report.problems.push_back("not listed in SHA256SUMS: " + path);
    }
    try {
        std::ifstream in(root / "manifest.json");
        const auto manifest = nlohmann::json::parse(in);
        if (manifest.value("format", "") != kArchiveFormat)
            report.problems.push_back(fmt::format("manifest.json: format is not {}", kArchiveFormat));
        std::size_t listed = 0;
        for (const auto& f : manifest.at("files")) {
            ++listed;
            const auto path = f.at("path").get<std::string>();
            auto it = sums.find(path);
            if (it == sums.end() || it->second != f.at("sha256").get<std::string>())
                report.problems.push_back("manifest.json and SHA256SUMS disagree on " + path);
        }
        if (listed + 1 != sums.size())  // the manifest lists every file but itself
            report.problems.push_back("manifest.json and SHA256SUMS list different files");
    } catch (const std::exception& e) {
        report.problems.push_back(std::string("manifest.json cannot be read: ") + e.what());
    }
}

}  // namespace

ArchiveReport verify_archive(const fs::path& path) {
    ArchiveReport report;
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        verify_folder(path, report);
        return report;
    }
    if (!fs::is_regular_file(path, ec)) {
        report.problems.push_back(path.string() + " is neither a bundle folder nor its .tar.gz");
        return report;
    }
    // A tarball: unpacked into a temporary folder, which holds the bundle's one folder.
    char pattern[] = "/tmp/openhall-verify-XXXXXX";
    const char* temp = mkdtemp(pattern);
    if (!temp) {
        report.problems.push_back("cannot make a temporary folder");
        return report;
    }
    const std::string unpack = temp;
    const int status = run_command({"tar", "-xzf", path.string(), "-C", unpack});
    std::vector<fs::path> folders;
    for (const auto& entry : fs::directory_iterator(unpack))
        if (entry.is_directory()) folders.push_back(entry.path());
    if (status != 0 || folders.size() != 1)
        report.problems.push_back(path.string() + " is not a bundle's tar.gz (one folder inside)");
    else
        verify_folder(folders.front(), report);
    fs::remove_all(unpack, ec);
    return report;
}

}  // namespace openhall::admin
