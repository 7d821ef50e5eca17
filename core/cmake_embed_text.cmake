# Writes a C++ source whose function NAME() returns the text of INPUT (a data file kept beside the code).
file(READ "${INPUT}" text)
file(WRITE "${OUTPUT}.tmp" "// Generated from ${INPUT_NAME} by cmake_embed_text.cmake; do not edit.
#include <string_view>

namespace openhall::core {

std::string_view ${NAME}() {
    return R\"openhall_text(${text})openhall_text\";
}

}  // namespace openhall::core
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
