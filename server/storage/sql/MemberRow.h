#pragma once

#include "storage/Records.h"

namespace parley::storage::sql {

// A membership from a row of "SELECT joined_at, read_seq, delivered_seq, muted, archived", read
// through QtSql (SqlRows) or raw SQLite (SqliteStatement): both have integer(column).
template<typename Row>
MemberRecord readMember(const Row &row, const QString &roomId, const QString &userId)
{
    MemberRecord member;
    member.roomId = roomId;
    member.userId = userId;
    member.joinedAtMs = row.integer(0);
    member.readSeq = row.integer(1);
    member.deliveredSeq = row.integer(2);
    member.muted = row.integer(3) != 0;
    member.archived = row.integer(4) != 0;
    return member;
}

} // namespace parley::storage::sql
