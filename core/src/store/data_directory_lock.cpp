#include "openhall/core/store/data_directory_lock.hpp"

#include <cerrno>
#include <system_error>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace openhall::core {

std::optional<DataDirectoryLock> DataDirectoryLock::try_take(const std::filesystem::path& data_dir) {
    std::filesystem::create_directories(data_dir);
    const auto file = data_dir / "openhall.lock";
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "cannot open " + file.string());
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return std::nullopt;
    }
    return DataDirectoryLock(fd);
}

DataDirectoryLock::~DataDirectoryLock() {
    if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the lock
}

}  // namespace openhall::core
