#pragma once

#include "protocol/Message.h"

// SQL that both SQLite paths of a send run (SqliteHotPaths.cpp one message, SqliteBatchAppend.cpp
// a group commit's): one text each, so both use one cached statement.
namespace parley::storage::sql {

class SqliteStatement;

namespace message_sql {

// The earlier message of a repeated send: (sender_id, client_id).
inline constexpr const char *kRepeatOf =
    "SELECT id FROM messages WHERE sender_id = ? AND client_id = ?";

// A sender has read what they answered: (seq, seq, room_id, user_id).
inline constexpr const char *kSenderHasRead =
    "UPDATE room_members SET read_seq = MAX(read_seq, ?), "
    "delivered_seq = MAX(delivered_seq, ?) WHERE room_id = ? AND user_id = ?";

// "INSERT INTO messages (...) VALUES (...), (...)" for 1..kMaxRowsPerInsert rows of
// kParametersPerRow parameters each (no attachment), built once.
inline constexpr int kMaxRowsPerInsert = 32;
inline constexpr int kParametersPerRow = 10;
const char *insertRows(int rows);
// Binds `row`, a message about to be stored, as the row starting at parameter `first` (1-based).
void bindRow(SqliteStatement &insert, int first, const Message &row);

} // namespace message_sql

} // namespace parley::storage::sql
