#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace parley::storage::sql {

// One schema step. Steps are applied in version order, each in its own transaction, and recorded
// in schema_migrations; a database is brought from whatever version it has to the newest.
struct Migration
{
    int version = 0;
    QString description;
    std::function<QStringList(bool postgres)> statements;
};

const QList<Migration> &migrations();
// The version of the newest step this binary knows.
int latestSchemaVersion();

} // namespace parley::storage::sql
