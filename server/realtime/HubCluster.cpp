// Several nodes: exactly-once, gap-free message delivery per room, catching up from the database
// after lost notifications, and presence of other nodes (a dead node's users, broker snapshots).
#include "realtime/Hub.h"

#include "logging/Logging.h"
#include "protocol/Time.h"
#include "realtime/CompatConnection.h"
#include "realtime/Connection.h"
#include "realtime/HubDetail.h"
#include "storage/Storage.h"

namespace parley::realtime {

using events::Event;
using namespace detail;

void Hub::watchRooms(const QString &userId)
{
    auto rooms = m_storage.rooms().listForMember(userId, {}, std::nullopt, 100000);
    if (!rooms)
        return;
    for (const storage::RoomRecord &room : std::as_const(*rooms))
        watchRoom(room.id, room.lastSeq);
}

void Hub::watchRoom(const QString &roomId, qint64 lastSeq)
{
    if (!m_deliveredSeq.contains(roomId))
        m_deliveredSeq.insert(roomId, lastSeq);
}

bool Hub::hasLocalAudience(const QString &roomId)
{
    if (m_compatByRoom.contains(roomId))
        return true;
    const QStringList &ids = members(roomId);
    return std::any_of(ids.cbegin(), ids.cend(),
                       [this](const QString &id) { return m_byUser.contains(id); });
}

void Hub::deliverMessage(const Message &message, const QByteArray &messageJson,
                         const Connection *except)
{
    m_messagesDelivered += quint64(
        toMembers(message.roomId, frameWithMessage(ws::type::Message, messageJson), {}, except));
    for (CompatConnection *compat : m_compatByRoom.value(message.roomId)) {
        if (compat->deliverMessage(message))
            ++m_messagesDelivered;
    }
}

void Hub::fillGap(const QString &roomId, qint64 fromSeq, qint64 toSeq)
{
    if (!hasLocalAudience(roomId))
        return;
    const qint64 missing = toSeq - fromSeq - 1;
    auto page = m_storage.messages().page(roomId, std::nullopt, fromSeq,
                                          int(std::min<qint64>(missing, m_settings.resumeLimit)));
    if (!page) {
        qCWarning(lcRealtime) << "Cannot catch up room" << roomId << page.error().message;
        return;
    }
    qCInfo(lcRealtime) << "Catching up room" << roomId << "from seq" << fromSeq << ":"
                       << page->messages.size() << "of" << missing << "missed messages";
    for (const Message &message : std::as_const(page->messages)) {
        if (message.seq < toSeq)
            deliverMessage(message, message.toJsonBytes(), nullptr);
    }
}

void Hub::catchUp()
{
    // Membership may have changed while notifications were lost.
    forgetAllMembers();
    QSet<QString> rooms(m_compatByRoom.keyBegin(), m_compatByRoom.keyEnd());
    for (auto it = m_byUser.cbegin(); it != m_byUser.cend(); ++it) {
        auto records = m_storage.rooms().listForMember(it.key(), {}, std::nullopt, 100000);
        if (!records)
            continue;
        for (const storage::RoomRecord &room : std::as_const(*records)) {
            if (!m_deliveredSeq.contains(room.id)) {
                // Joined or created while this node heard nothing: show the room, history
                // is the client's to fetch.
                watchRoom(room.id, room.lastSeq);
                roomViewTo(it.key(), room.id, ws::type::RoomAdded);
            }
            rooms.insert(room.id);
        }
    }
    for (const QString &roomId : std::as_const(rooms)) {
        auto record = m_storage.rooms().byId(roomId);
        if (!record)
            continue;
        auto delivered = m_deliveredSeq.find(roomId);
        if (delivered == m_deliveredSeq.end()) {
            watchRoom(roomId, record->lastSeq);
        } else if (record->lastSeq > *delivered) {
            fillGap(roomId, *delivered, record->lastSeq + 1);
            *delivered = record->lastSeq;
        }
    }
}

void Hub::nodeDown(const QString &node, const QList<QJsonObject> &users)
{
    const qint64 now = nowMs();
    for (const QJsonObject &json : users) {
        auto user = User::fromJson(json);
        if (!user)
            continue;
        User shown = *user;
        shown.online = false;
        shown.lastSeen = fromEpochMs(now);
        m_bus.publish({Event::Kind::Presence,
                       {},
                       user->id,
                       {{QStringLiteral("user"), shown.toJson()},
                        {QStringLiteral("online"), false},
                        {QStringLiteral("node"), node}},
                       {}});
        if (!m_presence.isOnline(user->id)) {
            if (auto s = m_storage.users().touchLastSeen(user->id, now); !s)
                qCWarning(lcRealtime) << "Could not record last_seen:" << s.error().message;
        }
    }
}

void Hub::presenceSnapshot(const events::ClusterObserver::NodeUsers &nodes, bool complete)
{
    QHash<QString, QList<User>> decoded;
    for (auto it = nodes.cbegin(); it != nodes.cend(); ++it) {
        QList<User> &users = decoded[it.key()];
        for (const QJsonObject &json : it.value()) {
            if (auto user = User::fromJson(json))
                users.append(*user);
        }
    }
    const qint64 now = nowMs();
    for (const auto &[user, online] : m_presence.replaceRemote(decoded, complete)) {
        User shown = user;
        shown.online = online;
        shown.lastSeen = fromEpochMs(now);
        presenceChange(shown.toJson(), online);
    }
}

} // namespace parley::realtime
