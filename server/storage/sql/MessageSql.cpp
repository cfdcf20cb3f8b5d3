#include "storage/sql/MessageSql.h"

#include "protocol/JsonFields.h"
#include "storage/sql/SqliteStatements.h"

#include <array>

namespace parley::storage::sql::message_sql {

const char *insertRows(int rows)
{
    static const auto sql = [] {
        std::array<QByteArray, kMaxRowsPerInsert + 1> all;
        QByteArray text =
            "INSERT INTO messages (id, room_id, seq, sender_id, client_id, type, "
            "content, metadata, reply_to, attachment_id, created_at, deleted) VALUES ";
        for (int n = 1; n <= kMaxRowsPerInsert; ++n) {
            text += n == 1 ? "" : ", ";
            text += "(?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, 0)";
            all[n] = text;
        }
        return all;
    }();
    return sql[rows].constData();
}

void bindRow(SqliteStatement &insert, int first, const Message &row)
{
    insert.bindText(first, row.id);
    insert.bindText(first + 1, row.roomId);
    insert.bindInt(first + 2, row.seq);
    insert.bindNullIfEmpty(first + 3, row.sender ? row.sender->id : QString());
    insert.bindNullIfEmpty(first + 4, row.clientId);
    insert.bindText(first + 5, messageTypeName(row.type));
    insert.bindText(first + 6, row.content);
    // As the generic path writes it (json::compact, BOMs escaped).
    insert.bindUtf8(first + 7,
                    row.metadata.isEmpty() ? QByteArrayLiteral("{}") : json::compact(row.metadata));
    insert.bindNullIfEmpty(first + 8, row.replyTo);
    insert.bindInt(first + 9, row.createdAt.toMSecsSinceEpoch());
}

} // namespace parley::storage::sql::message_sql
