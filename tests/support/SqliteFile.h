#pragma once

#include <QSqlDatabase>
#include <QString>

#include <functional>

namespace parley::test {

// Runs `work` on a connection of its own to the SQLite file at `path`: the test's view of the
// file, beside the server's (waiting up to 5 s for a lock the server holds a moment). The
// connection is closed when it returns. The error opening the file, or an empty string.
QString onSqliteFile(const QString &path, const std::function<void(QSqlDatabase &)> &work);

} // namespace parley::test
