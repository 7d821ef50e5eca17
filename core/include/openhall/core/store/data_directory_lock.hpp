// One OpenHall process at a time on a data directory: `openhall serve` holds an advisory lock on
// <data>/openhall.lock for its lifetime, so `openhall restore` (and a second server) can tell that the
// directory is in use. flock(2): the kernel drops the lock when the process ends, even by kill -9.
#pragma once

#include <filesystem>
#include <optional>

namespace openhall::core {

class DataDirectoryLock {
public:
    // Takes the lock without waiting; nullopt when another process holds it. Creates the directory and the
    // lock file when missing. Throws std::system_error when the file cannot be opened. Any thread.
    static std::optional<DataDirectoryLock> try_take(const std::filesystem::path& data_dir);

    DataDirectoryLock(DataDirectoryLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    DataDirectoryLock& operator=(DataDirectoryLock&&) = delete;
    DataDirectoryLock(const DataDirectoryLock&) = delete;
    ~DataDirectoryLock();

private:
    explicit DataDirectoryLock(int fd) : fd_(fd) {}
    int fd_ = -1;
};

}  // namespace openhall::core
