#pragma once

#include "protocol/Message.h"
#include "storage/sql/SqlDatabase.h"

#include <QString>

namespace parley::storage::sql {

// The one mapping of a message row (with its sender and attachment) to a Message: the column
// list, the joins it needs and the reader, shared by history and search.
// messageColumns() reads from "messages m", "users u" and "attachments a".
const QString &messageColumns();
// "LEFT JOIN users u ... LEFT JOIN attachments a ..." for a query whose messages are "m".
const QString &messageJoins();
// How many columns messageColumns() has (extra columns a query appends come after).
int messageColumnCount();
Message readMessage(const SqlRows &rows);

} // namespace parley::storage::sql
