#include "support/temp_dir.hpp"

#include <stdexcept>
#include <string>

#include <stdlib.h>

namespace openhall::testing {

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "openhall-test-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary directory");
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

}  // namespace openhall::testing
