#include "cache/CacheSchema.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace parley::client {

namespace {
const QList<QStringList> kSteps = {
    // 1: rooms, recent messages, resume cursors, outbox
    {
        u"CREATE TABLE rooms (id TEXT PRIMARY KEY, json TEXT NOT NULL)"_s,
        u"CREATE TABLE messages (room_id TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL,"
        " json TEXT NOT NULL, PRIMARY KEY (room_id, seq))"_s,
        u"CREATE INDEX messages_id ON messages (id)"_s,
        u"CREATE TABLE cursors (room_id TEXT PRIMARY KEY, seq INTEGER NOT NULL)"_s,
        u"CREATE TABLE outbox (position INTEGER PRIMARY KEY AUTOINCREMENT,"
        " client_id TEXT NOT NULL UNIQUE, room_id TEXT NOT NULL, request TEXT NOT NULL,"
        " created_at INTEGER NOT NULL, error TEXT)"_s,
    },
};
} // namespace

Status migrateCache(QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(u"PRAGMA user_version"_s) || !q.next())
        return Error::internal(q.lastError().text());
    const int version = q.value(0).toInt();
    for (int step = version; step < int(kSteps.size()); ++step) {
        if (!db.transaction())
            return Error::internal(db.lastError().text());
        for (const auto &sql : kSteps[step]) {
            if (!q.exec(sql)) {
                const QString why = q.lastError().text();
                db.rollback();
                return Error::internal(why);
            }
        }
        if (!q.exec(u"PRAGMA user_version = %1"_s.arg(step + 1)) || !db.commit()) {
            db.rollback();
            return Error::internal(q.lastError().text());
        }
    }
    return Status::success();
}

} // namespace parley::client
