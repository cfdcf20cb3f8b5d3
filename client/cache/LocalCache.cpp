#include "cache/LocalCache.h"

#include "cache/CacheSchema.h"
#include "state/ClientLogging.h"

#include "protocol/JsonFields.h"

#include <QAtomicInteger>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace parley::client {

namespace {
QAtomicInteger<int> g_connections;

QJsonObject parse(const QString &json)
{
    return QJsonDocument::fromJson(json.toUtf8()).object();
}

QString text(const QJsonObject &obj)
{
    return QString::fromUtf8(json::compact(obj));
}

bool run(QSqlQuery &q)
{
    if (q.exec())
        return true;
    qCWarning(lcClientCache) << "Cache query failed:" << q.lastError().text();
    return false;
}
} // namespace

LocalCache::LocalCache(const QString &path)
    : m_path(path)
    , m_connection(u"parley-cache-%1"_s.arg(g_connections.fetchAndAddRelaxed(1)))
{}

LocalCache::~LocalCache()
{
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

QString LocalCache::pathFor(const QString &dataDir, const QUrl &server, const QString &userId)
{
    const auto key = server.toString(QUrl::StripTrailingSlash) + u'\n' + userId;
    const auto hash =
        QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256).toHex().left(24);
    return QDir(dataDir).filePath(u"cache/"_s + QString::fromLatin1(hash) + u".sqlite"_s);
}

Status LocalCache::open()
{
    if (m_open)
        return Status::success();
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath()))
        return Error::internal(u"Cannot create %1"_s.arg(QFileInfo(m_path).absolutePath()));
    auto db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
    db.setDatabaseName(m_path);
    if (!db.open())
        return Error::internal(db.lastError().text());
    QSqlQuery q(db);
    q.exec(u"PRAGMA journal_mode=WAL"_s);
    q.exec(u"PRAGMA synchronous=NORMAL"_s);
    q.exec(u"PRAGMA busy_timeout=2000"_s);
    if (auto migrated = migrateCache(db); !migrated)
        return migrated;
    m_open = true;
    return Status::success();
}

// Rooms

void LocalCache::storeRooms(const QList<Room> &rooms)
{
    if (!m_open)
        return;
    auto db = QSqlDatabase::database(m_connection);
    db.transaction();
    QSqlQuery q(db);
    q.prepare(u"INSERT INTO rooms (id, json) VALUES (?, ?)"
              " ON CONFLICT (id) DO UPDATE SET json = excluded.json"_s);
    for (const auto &room : rooms) {
        q.bindValue(0, room.id);
        q.bindValue(1, text(room.toJson()));
        run(q);
    }
    db.commit();
}

void LocalCache::replaceRooms(const QList<Room> &rooms)
{
    if (!m_open)
        return;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(u"DELETE FROM rooms"_s);
    run(q);
    storeRooms(rooms);
}

void LocalCache::storeRoom(const Room &room)
{
    storeRooms({room});
}

void LocalCache::removeRoom(const QString &roomId)
{
    if (!m_open)
        return;
    auto db = QSqlDatabase::database(m_connection);
    db.transaction();
    QSqlQuery q(db);
    for (const auto &sql :
         {u"DELETE FROM rooms WHERE id = ?"_s, u"DELETE FROM messages WHERE room_id = ?"_s,
          u"DELETE FROM cursors WHERE room_id = ?"_s}) {
        q.prepare(sql);
        q.bindValue(0, roomId);
        run(q);
    }
    db.commit();
}

QList<Room> LocalCache::rooms() const
{
    QList<Room> out;
    if (!m_open)
        return out;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(u"SELECT json FROM rooms"_s);
    if (!run(q))
        return out;
    while (q.next()) {
        if (auto room = Room::fromJson(parse(q.value(0).toString())))
            out.append(*room);
    }
    return out;
}

// Messages

void LocalCache::storeMessages(const QList<Message> &messages)
{
    if (!m_open || messages.isEmpty())
        return;
    auto db = QSqlDatabase::database(m_connection);
    db.transaction();
    QSqlQuery q(db);
    q.prepare(u"INSERT INTO messages (room_id, seq, id, json) VALUES (?, ?, ?, ?)"
              " ON CONFLICT (room_id, seq) DO UPDATE SET id = excluded.id, json = excluded.json"_s);
    QSet<QString> rooms;
    for (const auto &m : messages) {
        if (m.seq <= 0)
            continue;
        q.bindValue(0, m.roomId);
        q.bindValue(1, m.seq);
        q.bindValue(2, m.id);
        q.bindValue(3, text(m.toJson()));
        run(q);
        rooms.insert(m.roomId);
    }
    QSqlQuery trim(db);
    trim.prepare(
        u"DELETE FROM messages WHERE room_id = ? AND seq <= "
        "(SELECT seq FROM messages WHERE room_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)"_s);
    for (const auto &room : std::as_const(rooms)) {
        trim.bindValue(0, room);
        trim.bindValue(1, room);
        trim.bindValue(2, kRecentPerRoom);
        run(trim);
    }
    db.commit();
}

QList<Message> LocalCache::messages(const QString &roomId, int limit, qint64 beforeSeq) const
{
    QList<Message> out;
    if (!m_open)
        return out;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(u"SELECT json FROM messages WHERE room_id = ? AND (? = 0 OR seq < ?)"
              " ORDER BY seq DESC LIMIT ?"_s);
    q.bindValue(0, roomId);
    q.bindValue(1, beforeSeq);
    q.bindValue(2, beforeSeq);
    q.bindValue(3, limit);
    if (!run(q))
        return out;
    while (q.next()) {
        if (auto m = Message::fromJson(parse(q.value(0).toString())))
            out.prepend(*m);
    }
    return out;
}

std::optional<Message> LocalCache::message(const QString &messageId) const
{
    if (!m_open)
        return std::nullopt;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(u"SELECT json FROM messages WHERE id = ?"_s);
    q.bindValue(0, messageId);
    if (!run(q) || !q.next())
        return std::nullopt;
    auto m = Message::fromJson(parse(q.value(0).toString()));
    if (!m)
        return std::nullopt;
    return *m;
}

// Cursors

QHash<QString, qint64> LocalCache::cursors() const
{
    QHash<QString, qint64> out;
    if (!m_open)
        return out;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(u"SELECT room_id, seq FROM cursors"_s);
    if (!run(q))
        return out;
    while (q.next())
        out.insert(q.value(0).toString(), q.value(1).toLongLong());
    return out;
}

void LocalCache::setCursor(const QString &roomId, qint64 seq)
{
    if (!m_open)
        return;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(u"INSERT INTO cursors (room_id, seq) VALUES (?, ?) ON CONFLICT (room_id)"
              " DO UPDATE SET seq = max(seq, excluded.seq)"_s);
    q.bindValue(0, roomId);
    q.bindValue(1, seq);
    run(q);
}

// Outbox

void LocalCache::putOutboxItem(const OutboxItem &item)
{
    if (!m_open)
        return;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(u"INSERT INTO outbox (client_id, room_id, request, created_at, error)"
              " VALUES (?, ?, ?, ?, ?) ON CONFLICT (client_id) DO UPDATE SET"
              " error = excluded.error"_s);
    q.bindValue(0, item.clientId());
    q.bindValue(1, item.roomId);
    q.bindValue(2, text(item.request.toJson()));
    q.bindValue(3, item.createdAt.toMSecsSinceEpoch());
    q.bindValue(4,
                item.error ? text(item.error->toJson()) : QVariant(QMetaType(QMetaType::QString)));
    run(q);
}

void LocalCache::removeOutboxItem(const QString &clientId)
{
    if (!m_open)
        return;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(u"DELETE FROM outbox WHERE client_id = ?"_s);
    q.bindValue(0, clientId);
    run(q);
}

QList<OutboxItem> LocalCache::outboxItems() const
{
    QList<OutboxItem> out;
    if (!m_open)
        return out;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(u"SELECT room_id, request, created_at, error FROM outbox ORDER BY position"_s);
    if (!run(q))
        return out;
    while (q.next()) {
        auto request = SendMessageRequest::fromJson(parse(q.value(1).toString()));
        if (!request) {
            qCWarning(lcClientCache) << "Dropping an unreadable outbox entry";
            continue;
        }
        OutboxItem item{q.value(0).toString(), *request,
                        QDateTime::fromMSecsSinceEpoch(q.value(2).toLongLong(), Qt::UTC),
                        std::nullopt};
        if (!q.value(3).isNull()) {
            if (auto error = Error::fromJson(parse(q.value(3).toString())))
                item.error = *error;
        }
        out.append(item);
    }
    return out;
}

} // namespace parley::client
