#include "openhall/core/accounts/department.hpp"

namespace openhall::core {
namespace {

Department department_from(PreparedStatement& st) {
    return Department{DepartmentId{st.getColumn(0).getInt64()}, st.getColumn(1).getString(),
                      st.getColumn(2).getString(), st.getColumn(3).getString()};
}

}  // namespace

nlohmann::json to_json(const Department& d) {
    return {{"id", d.id.value}, {"name", d.name}, {"contact", d.contact}, {"supervisor_contact", d.supervisor_contact}};
}

Department DepartmentRepository::insert(const Department& d, Timestamp now) {
    auto st = db_.prepare("INSERT INTO departments(name, contact, supervisor_contact, created_at) VALUES (?, ?, ?, ?)");
    st.bind(1, d.name);
    st.bind(2, d.contact);
    st.bind(3, d.supervisor_contact);
    st.bind(4, static_cast<std::int64_t>(now.time_since_epoch().count()));
    st.exec();
    Department stored = d;
    stored.id = DepartmentId{db_.handle().getLastInsertRowid()};
    return stored;
}

std::optional<Department> DepartmentRepository::find(DepartmentId id) {
    auto st = db_.prepare("SELECT id, name, contact, supervisor_contact FROM departments WHERE id = ?");
    st.bind(1, id.value);
    if (!st.executeStep()) return std::nullopt;
    return department_from(st);
}

std::optional<Department> DepartmentRepository::find_by_name(std::string_view name) {
    auto st = db_.prepare("SELECT id, name, contact, supervisor_contact FROM departments WHERE name = ?");
    st.bind(1, std::string(name));
    if (!st.executeStep()) return std::nullopt;
    return department_from(st);
}

std::vector<Department> DepartmentRepository::list() {
    auto st = db_.prepare("SELECT id, name, contact, supervisor_contact FROM departments ORDER BY name");
    std::vector<Department> out;
    while (st.executeStep()) out.push_back(department_from(st));
    return out;
}

}  // namespace openhall::core
