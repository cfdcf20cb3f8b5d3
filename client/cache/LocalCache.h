#pragma once

#include "realtime/Outbox.h"

#include "protocol/Message.h"
#include "protocol/Result.h"
#include "protocol/Room.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

namespace parley::client {

// The app's local SQLite database, one per server and user (pathFor()): the rooms, the most
// recent messages of each room (kRecentPerRoom), the resume cursors and the outbox. It lets the
// app open instantly and show history offline. Each instance has its own QSqlDatabase connection
// name and belongs to the thread that opened it.
class LocalCache
{
public:
    static constexpr int kRecentPerRoom = 200;

    explicit LocalCache(const QString &path);
    ~LocalCache();
    LocalCache(const LocalCache &) = delete;
    LocalCache &operator=(const LocalCache &) = delete;

    // <dataDir>/cache/<hash of server URL and user id>.sqlite
    static QString pathFor(const QString &dataDir, const QUrl &server, const QString &userId);

    Status open();
    bool isOpen() const { return m_open; }
    QString path() const { return m_path; }

    // Rooms
    void storeRooms(const QList<Room> &rooms);   // upsert each
    void replaceRooms(const QList<Room> &rooms); // the full list: drops rooms not in it
    void storeRoom(const Room &room);
    void removeRoom(const QString &roomId);
    QList<Room> rooms() const;

    // Messages (upsert by room and seq; older ones beyond kRecentPerRoom are trimmed)
    void storeMessages(const QList<Message> &messages);
    void storeMessage(const Message &message) { storeMessages({message}); }
    // The newest `limit` messages of a room with seq < beforeSeq (0: no bound), ascending.
    QList<Message> messages(const QString &roomId, int limit, qint64 beforeSeq = 0) const;
    std::optional<Message> message(const QString &messageId) const;

    // Resume cursors
    QHash<QString, qint64> cursors() const;
    void setCursor(const QString &roomId, qint64 seq);

    // Outbox
    void putOutboxItem(const OutboxItem &item);
    void removeOutboxItem(const QString &clientId);
    QList<OutboxItem> outboxItems() const; // oldest first

private:
    QString m_path;
    QString m_connection;
    bool m_open = false;
};

} // namespace parley::client
