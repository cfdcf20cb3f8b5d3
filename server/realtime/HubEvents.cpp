// Events to frames: who gets what when the service layer publishes.
#include "realtime/Hub.h"

#include "realtime/CompatConnection.h"
#include "realtime/Connection.h"
#include "realtime/HubDetail.h"
#include "service/ChatService.h"
#include "storage/Storage.h"

#include <QJsonArray>

namespace parley::realtime {

using events::Event;
using namespace detail;

const QStringList &Hub::members(const QString &roomId)
{
    auto it = m_memberCache.find(roomId);
    if (it == m_memberCache.end()) {
        auto ids = m_storage.rooms().memberIds(roomId);
        it = m_memberCache.insert(roomId, ids ? *ids : QStringList());
    }
    return *it;
}

const std::vector<Connection *> &Hub::fanout(const QString &roomId)
{
    auto it = m_fanout.find(roomId);
    if (it == m_fanout.end()) {
        std::vector<Connection *> connections;
        for (const QString &userId : members(roomId)) {
            for (Connection *connection : m_byUser.value(userId))
                connections.push_back(connection);
        }
        it = m_fanout.insert(roomId, std::move(connections));
    }
    return *it;
}

void Hub::forgetMembers(const QString &roomId)
{
    m_memberCache.remove(roomId);
    m_fanout.remove(roomId);
}

void Hub::forgetAllMembers()
{
    m_memberCache.clear();
    m_fanout.clear();
}

const Connection *Hub::sessionOf(const QString &userId, const QString &sessionId) const
{
    if (sessionId.isEmpty())
        return nullptr;
    for (const Connection *connection : m_byUser.value(userId)) {
        if (connection->sessionId() == sessionId)
            return connection;
    }
    return nullptr;
}

qsizetype Hub::toUser(const QString &userId, const WireFrame &frame, const Connection *except)
{
    const auto it = m_byUser.constFind(userId);
    if (it == m_byUser.cend())
        return 0;
    qsizetype sent = 0;
    for (Connection *connection : *it) {
        if (connection != except && connection->sendFrame(frame))
            ++sent;
    }
    return sent;
}

qsizetype Hub::toMembers(const QString &roomId, const WireFrame &frame, const QString &exceptUser,
                         const Connection *exceptConnection)
{
    qsizetype sent = 0;
    // A copy: a send may close a connection (over its output bound), which drops the cache.
    const std::vector<Connection *> targets = fanout(roomId);
    for (Connection *connection : targets) {
        if (connection != exceptConnection && connection->user().id != exceptUser &&
            connection->sendFrame(frame))
            ++sent;
    }
    return sent;
}

void Hub::toStaff(const WireFrame &frame)
{
    for (auto it = m_byUser.cbegin(); it != m_byUser.cend(); ++it) {
        if (!it->isEmpty() && isStaff(it->first()->user().role)) {
            for (Connection *connection : *it)
                connection->sendFrame(frame);
        }
    }
}

void Hub::toStaffMembers(const QString &roomId, const WireFrame &frame)
{
    for (const QString &userId : members(roomId)) {
        const auto it = m_byUser.constFind(userId);
        if (it == m_byUser.cend() || it->isEmpty() || !isStaff(it->first()->user().role))
            continue;
        for (Connection *connection : *it)
            connection->sendFrame(frame);
    }
}

void Hub::roomViewTo(const QString &userId, const QString &roomId, const QString &type)
{
    if (!m_byUser.contains(userId))
        return;
    auto record = m_storage.rooms().byId(roomId);
    if (!record)
        return;
    auto view = m_chat.view(*record, userId);
    if (view)
        toUser(userId, frameText(type, {{QStringLiteral("room"), view->toJson()}}));
}

void Hub::refreshUser(const User &user)
{
    for (Connection *connection : m_byUser.value(user.id))
        connection->setUser(user);
    for (const auto &list : std::as_const(m_compatByRoom)) {
        for (CompatConnection *compat : list) {
            if (compat->user().id == user.id)
                compat->setUser(user);
        }
    }
    m_presence.update(user);
}

void Hub::presenceChanged(const User &user, bool online)
{
    User shown = user;
    shown.online = online;
    shown.lastSeen = QDateTime::currentDateTimeUtc();
    m_bus.publish({Event::Kind::Presence,
                   {},
                   user.id,
                   {{QStringLiteral("user"), shown.toJson()},
                    {QStringLiteral("online"), online},
                    {QStringLiteral("node"), m_bus.nodeId()}},
                   {}});
}

void Hub::presenceChange(const QJsonObject &user, bool online)
{
    const QString userId = user.value(QStringLiteral("id")).toString();
    if (online) {
        if (QTimer *pending = m_offlineGrace.take(userId)) {
            pending->deleteLater(); // back within the grace period: never shown offline
            return;
        }
        presenceFrames(user, true);
        return;
    }
    if (m_settings.offlineGraceMs <= 0) {
        presenceFrames(user, false);
        return;
    }
    if (m_offlineGrace.contains(userId))
        return;
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, timer, user, userId] {
        m_offlineGrace.remove(userId);
        timer->deleteLater();
        if (!m_presence.isOnline(userId))
            presenceFrames(user, false);
    });
    m_offlineGrace.insert(userId, timer);
    timer->start(m_settings.offlineGraceMs);
}

void Hub::presenceFrames(const QJsonObject &user, bool online)
{
    // Everyone who shares a room with the user, and staff.
    const QString userId = user.value(QStringLiteral("id")).toString();
    QJsonObject fields{{QStringLiteral("user"), user},
                       {QStringLiteral("online"), online},
                       {QStringLiteral("last_seen"), user.value(QStringLiteral("last_seen"))}};
    // Staff presence carries their availability (docs/API.md, Support desk).
    const auto role = roleFromName(user.value(QStringLiteral("role")).toString());
    if (role && isStaff(*role)) {
        auto away = m_storage.assignments().isAway(userId);
        fields.insert(QStringLiteral("availability"),
                      away && *away ? QStringLiteral("away") : QStringLiteral("available"));
    }
    const WireFrame frame = frameText(ws::type::Presence, fields);
    QSet<QString> audience;
    if (auto rooms = m_storage.rooms().listForMember(userId, {}, std::nullopt, 100000)) {
        for (const storage::RoomRecord &room : std::as_const(*rooms)) {
            for (const QString &id : members(room.id))
                audience.insert(id);
        }
    }
    for (auto it = m_byUser.cbegin(); it != m_byUser.cend(); ++it) {
        if (it.key() == userId || it->isEmpty())
            continue;
        if (audience.contains(it.key()) || isStaff(it->first()->user().role)) {
            for (Connection *connection : *it)
                connection->sendFrame(frame);
        }
    }
}

void Hub::onEvent(const Event &event)
{
    const QJsonObject &p = event.payload;
    switch (event.kind) {
    case Event::Kind::MessageCreated: {
        const Message &message = *event.message;
        const QByteArray messageJson = message.toJsonBytes();
        if (m_flushing)
            m_storedJson.insert(message.id, messageJson);
        const qint64 seq = message.seq;
        auto delivered = m_deliveredSeq.find(event.roomId);
        if (delivered != m_deliveredSeq.end()) {
            if (seq <= *delivered)
                break; // delivered already, from the database
            if (seq > *delivered + 1)
                fillGap(event.roomId, *delivered, seq);
        }
        m_deliveredSeq.insert(event.roomId, seq);
        if (m_flushing)
            m_committed.append({event.message, messageJson, event.userId, event.origin});
        else
            deliverMessage(message, messageJson, sessionOf(event.userId, event.origin));
        break;
    }
    case Event::Kind::MessageUpdated:
    case Event::Kind::MessageDeleted: {
        const QString type = event.kind == Event::Kind::MessageUpdated ? ws::type::MessageUpdated
                                                                       : ws::type::MessageDeleted;
        toMembers(event.roomId, frameWithMessage(type, event.message->toJsonBytes()));
        break;
    }
    case Event::Kind::Receipt: {
        const QString kind = p.value(QStringLiteral("kind")).toString();
        const qint64 upTo = p.value(QStringLiteral("up_to_seq")).toInteger();
        toMembers(event.roomId,
                  frameText(ws::type::Receipt, {{QStringLiteral("room_id"), event.roomId},
                                                {QStringLiteral("user_id"), event.userId},
                                                {QStringLiteral("kind"), kind},
                                                {QStringLiteral("up_to_seq"), upTo}}),
                  event.userId);
        if (kind == u"read") {
            toUser(event.userId,
                   frameText(ws::type::RoomState, {{QStringLiteral("room_id"), event.roomId},
                                                   {QStringLiteral("read_seq"), upTo},
                                                   {QStringLiteral("unread_count"),
                                                    p.value(QStringLiteral("unread_count"))}}),
                   sessionOf(event.userId, event.origin));
            for (CompatConnection *compat : m_compatByRoom.value(event.roomId))
                compat->deliverReadReceipt(event.userId, upTo);
        }
        break;
    }
    case Event::Kind::RoomCreated: {
        forgetMembers(event.roomId);
        watchRoom(event.roomId, 0);
        for (const QJsonValue &id : p.value(QStringLiteral("member_ids")).toArray())
            roomViewTo(id.toString(), event.roomId, ws::type::RoomAdded);
        break;
    }
    case Event::Kind::MemberJoined: {
        forgetMembers(event.roomId);
        const QJsonObject user = p.value(QStringLiteral("user")).toObject();
        toMembers(event.roomId,
                  frameText(ws::type::MemberJoined, {{QStringLiteral("room_id"), event.roomId},
                                                     {QStringLiteral("user"), user}}),
                  event.userId);
        roomViewTo(event.userId, event.roomId, ws::type::RoomAdded);
        for (CompatConnection *compat : m_compatByRoom.value(event.roomId))
            compat->deliverMembership(user, true);
        break;
    }
    case Event::Kind::MemberLeft: {
        forgetMembers(event.roomId);
        const QJsonObject user = p.value(QStringLiteral("user")).toObject();
        toMembers(event.roomId,
                  frameText(ws::type::MemberLeft, {{QStringLiteral("room_id"), event.roomId},
                                                   {QStringLiteral("user"), user}}));
        toUser(event.userId,
               frameText(ws::type::RoomRemoved, {{QStringLiteral("room_id"), event.roomId}}));
        for (CompatConnection *compat : m_compatByRoom.value(event.roomId)) {
            // A customer who left can no longer see the room (staff still can).
            if (compat->user().id == event.userId && !isStaff(compat->user().role))
                compat->close(kCloseNotFound, QStringLiteral("You left the room"));
            else
                compat->deliverMembership(user, false);
        }
        break;
    }
    case Event::Kind::RoomUpdated:
        for (const QString &userId : members(event.roomId))
            roomViewTo(userId, event.roomId, ws::type::RoomUpdated);
        break;
    case Event::Kind::QueueChanged: {
        auto record = m_storage.rooms().byId(event.roomId);
        if (!record)
            break;
        // Staff see the room as a non-member would: one view serves them all.
        auto view = m_chat.view(*record, {});
        if (view)
            toStaff(frameText(ws::type::QueueUpdated, {{QStringLiteral("room"), view->toJson()}}));
        break;
    }
    case Event::Kind::Typing: {
        const WireFrame frame =
            frameText(ws::type::Typing,
                      {{QStringLiteral("room_id"), event.roomId},
                       {QStringLiteral("user"), p.value(QStringLiteral("user"))},
                       {QStringLiteral("is_typing"), p.value(QStringLiteral("is_typing"))}});
        toMembers(event.roomId, frame, event.userId);
        for (CompatConnection *compat : m_compatByRoom.value(event.roomId))
            compat->deliverTyping(p.value(QStringLiteral("user")).toObject(),
                                  p.value(QStringLiteral("is_typing")).toBool());
        break;
    }
    case Event::Kind::Presence: {
        // Frames only when the user's cluster-wide state changes (not for a second node).
        const QJsonObject user = p.value(QStringLiteral("user")).toObject();
        const bool online = p.value(QStringLiteral("online")).toBool();
        const auto decoded = User::fromJson(user);
        if (decoded &&
            m_presence.apply(p.value(QStringLiteral("node")).toString(), *decoded, online))
            presenceChange(user, online);
        break;
    }
    case Event::Kind::UserUpdated: {
        auto user = User::fromJson(p.value(QStringLiteral("user")).toObject());
        if (user)
            refreshUser(*user);
        break;
    }
    case Event::Kind::NoteCreated:
        // Never to customers, never to the compat endpoint.
        toStaffMembers(
            event.roomId,
            frameText(ws::type::Note, {{QStringLiteral("note"), p.value(QStringLiteral("note"))}}));
        break;
    case Event::Kind::CannedChanged:
        toStaff(frameText(ws::type::CannedChanged, p));
        break;
    case Event::Kind::RatingReceived:
        toStaff(frameText(ws::type::RatingReceived, p));
        break;
    case Event::Kind::RoomAssigned: {
        // Staff (the console lists every room) and the room's other members: its customer.
        const WireFrame frame =
            frameText(ws::type::RoomAssigned,
                      {{QStringLiteral("room_id"), event.roomId},
                       {QStringLiteral("assignee"), p.value(QStringLiteral("assignee"))},
                       {QStringLiteral("previous"), p.value(QStringLiteral("previous"))},
                       {QStringLiteral("by"), p.value(QStringLiteral("by"))}});
        toStaff(frame);
        for (const QString &userId : members(event.roomId)) {
            const auto it = m_byUser.constFind(userId);
            if (it != m_byUser.cend() && !it->isEmpty() && !isStaff(it->first()->user().role))
                toUser(userId, frame);
        }
        break;
    }
    case Event::Kind::AvailabilityChanged:
        toStaff(
            frameText(ws::type::Availability,
                      {{QStringLiteral("user"), p.value(QStringLiteral("user"))},
                       {QStringLiteral("availability"), p.value(QStringLiteral("availability"))}}));
        break;
    case Event::Kind::DeskSettingsChanged:
        break; // read from the database where needed (auto-assignment)
    case Event::Kind::UserBlocked:
        for (Connection *connection : m_byUser.value(event.userId))
            connection->close(kCloseForbidden, QStringLiteral("Account blocked"));
        for (const auto &list : std::as_const(m_compatByRoom)) {
            for (CompatConnection *compat : list) {
                if (compat->user().id == event.userId)
                    compat->close(kCloseForbidden, QStringLiteral("Account blocked"));
            }
        }
        break;
    }
}

} // namespace parley::realtime
