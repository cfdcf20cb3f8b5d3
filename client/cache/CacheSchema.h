#pragma once

#include "protocol/Result.h"

class QSqlDatabase;

namespace parley::client {

// Creates or upgrades the local cache's tables. Steps are keyed by PRAGMA user_version, each in
// its own transaction, falling through to the newest.
Status migrateCache(QSqlDatabase &db);

} // namespace parley::client
