# Writes a C++ source holding every core/migrations/NNN_name.sql as a raw string, in version order.
file(GLOB sql_files "${MIGRATIONS_DIR}/*.sql")
list(SORT sql_files)
set(body "")
foreach(sql_file IN LISTS sql_files)
  get_filename_component(stem "${sql_file}" NAME_WE)
  string(REGEX MATCH "^([0-9]+)_(.*)$" _ "${stem}")
  math(EXPR version "${CMAKE_MATCH_1}")
  file(READ "${sql_file}" sql)
  string(APPEND body "    {${version}, \"${CMAKE_MATCH_2}\", R\"openhall_sql(${sql})openhall_sql\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from core/migrations by cmake_embed_migrations.cmake; do not edit.
#include \"openhall/core/store/migrations.hpp\"

namespace openhall::core {
namespace {
constexpr Migration kMigrations[] = {
${body}};
}  // namespace

std::span<const Migration> all_migrations() { return kMigrations; }

}  // namespace openhall::core
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
