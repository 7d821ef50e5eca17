#include "openhall/core/store/savepoint.hpp"

namespace openhall::core {

Savepoint::Savepoint(Database& db, const SavepointSql& sql) : db_(db), sql_(sql) { db_.prepare(sql_.begin).exec(); }

Savepoint::~Savepoint() {
    if (released_) return;
    try {
        db_.prepare(sql_.rollback).exec();
        db_.prepare(sql_.release).exec();
    } catch (...) {
        // Rolling back failed too (the connection is broken): the enclosing transaction's own end reports it.
    }
}

void Savepoint::release() {
    db_.prepare(sql_.release).exec();
    released_ = true;
}

}  // namespace openhall::core
