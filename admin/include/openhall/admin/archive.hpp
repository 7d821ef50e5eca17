// The archive bundle of an event (立卷歸檔): a folder and a tar.gz with a manifest, the event's data as JSON,
// every version of its interpretations as Markdown and HTML, the recording, and SHA256SUMS that `sha256sum -c`
// checks. Personal data (contacts, addresses, tickets, the audit log) goes only into `staff-only/`. Layout and
// rules: docs/archive.md.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "openhall/core/base/ids.hpp"
#include "openhall/core/base/result.hpp"
#include "openhall/core/base/time.hpp"
#include "openhall/core/store/database.hpp"

namespace openhall::admin {

inline constexpr const char* kArchiveFormat = "openhall-archive/1";
inline constexpr const char* kStaffOnlyFolder = "staff-only";

struct ArchiveRequest {
    core::EventId event;
    std::filesystem::path out;  // the folder to create (must not exist, or be empty); the tarball is out + ".tar.gz"
    std::filesystem::path media_root;
    std::string exported_by;
};

struct ArchiveResult {
    std::filesystem::path folder;
    std::filesystem::path tarball;
    std::size_t files = 0;
};

core::Result<ArchiveResult> export_event_archive(core::Database& db, const core::Clock& clock,
                                                 const core::UtcOffsetAt& offset_at, const ArchiveRequest& request);

struct ArchiveReport {
    std::size_t files_checked = 0;
    std::vector<std::string> problems;  // empty: the bundle is whole
};

// Checks a bundle folder or its .tar.gz: every file listed in SHA256SUMS with the right hash, nothing unlisted,
// the manifest agreeing with the sums.
ArchiveReport verify_archive(const std::filesystem::path& path);

}  // namespace openhall::admin
