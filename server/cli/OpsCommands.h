#pragma once

#include "config/ServerConfig.h"

#include <QTextStream>

namespace parley::cli {

// `parley-server backup --to FILE`: a consistent copy of the SQLite database, safe while a server
// writes to it. Restore: stop the server, put the copy in place as parley.db (docs/OPERATIONS.md).
int runBackupCommand(const app::ServerConfig &config, const QString &target, QTextStream &out,
                     QTextStream &err);

// `parley-server migrate`: applies pending schema migrations, reports the versions, and exits.
int runMigrateCommand(const app::ServerConfig &config, QTextStream &out, QTextStream &err);

} // namespace parley::cli
