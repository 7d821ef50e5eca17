// Departments that answer what is assigned to them, and where their reminders and escalations go.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "openhall/core/base/ids.hpp"
#include "openhall/core/base/time.hpp"
#include "openhall/core/store/database.hpp"

namespace openhall::core {

struct Department {
    DepartmentId id;
    std::string name;
    std::string contact;             // where reminders go
    std::string supervisor_contact;  // where notices and accountability records go
    bool operator==(const Department&) const = default;
};

nlohmann::json to_json(const Department& d);

class DepartmentRepository {
public:
    explicit DepartmentRepository(Database& db) : db_(db) {}

    Department insert(const Department& d, Timestamp now);
    std::optional<Department> find(DepartmentId id);
    std::optional<Department> find_by_name(std::string_view name);
    std::vector<Department> list();

private:
    Database& db_;
};

}  // namespace openhall::core
