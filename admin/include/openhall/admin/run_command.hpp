// Runs a program found on PATH with arguments and waits for it (used for tar).
#pragma once

#include <string>
#include <vector>

namespace openhall::admin {

// The exit status, or -1 when the program could not be started or did not exit normally.
int run_command(const std::vector<std::string>& argv);

}  // namespace openhall::admin
