#include "realtime/Hub.h"

#include "logging/Logging.h"
#include "protocol/JsonFields.h"
#include "protocol/Time.h"
#include "protocol/Validation.h"
#include "realtime/CompatConnection.h"
#include "realtime/Connection.h"
#include "realtime/UpgradeAuth.h"
#include "service/AuthService.h"
#include "service/ChatService.h"
#include "storage/Storage.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QUuid>
#include <QWebSocket>

namespace parley::realtime {

using events::Event;

namespace {

// Close codes beyond RFC 6455's: the 44xx mirror HTTP statuses.
constexpr int kCloseUnauthorized = 4401;
constexpr int kCloseForbidden = 4403;
constexpr int kCloseNotFound = 4404;

QString frameText(const QString &type, const QJsonObject &fields, const QString &ref = {})
{
    return QString::fromUtf8(json::compact(ws::frame(type, fields, ref)));
}

const QString kCompatPrefix = QStringLiteral("/ws/chat/");

} // namespace

Hub::Hub(HubSettings settings, storage::Storage &storage, service::ChatService &chat,
         service::AuthService &auth, events::EventBus &bus)
    : m_settings(std::move(settings))
    , m_storage(storage)
    , m_chat(chat)
    , m_auth(auth)
    , m_bus(bus)
    , m_presence(storage.users())
{
    m_bus.subscribe([this](const Event &event) { onEvent(event); });
    m_clock.start();
    m_heartbeat.setInterval(m_settings.heartbeatS * 1000);
    connect(&m_heartbeat, &QTimer::timeout, this, &Hub::onHeartbeat);
    m_heartbeat.start();
}

Hub::~Hub()
{
    for (const QList<Connection *> &connections : std::as_const(m_byUser))
        qDeleteAll(connections);
    for (const QList<CompatConnection *> &connections : std::as_const(m_compatByRoom))
        qDeleteAll(connections);
}

qint64 Hub::connectionCount() const
{
    qint64 count = 0;
    for (const auto &list : m_byUser)
        count += list.size();
    for (const auto &list : m_compatByRoom)
        count += list.size();
    return count;
}

void Hub::accept(std::unique_ptr<QWebSocket> socket)
{
    socket->setMaxAllowedIncomingMessageSize(quint64(m_settings.maxFrameBytes));
    socket->setMaxAllowedIncomingFrameSize(quint64(m_settings.maxFrameBytes));
    const QString path = socket->requestUrl().path();

    if (!m_settings.allowedOrigins.isEmpty() && !socket->origin().isEmpty() &&
        !m_settings.allowedOrigins.contains(socket->origin())) {
        qCInfo(lcRealtime) << "Refused origin" << socket->origin();
        socket->close(QWebSocketProtocol::CloseCode(kCloseForbidden),
                      QStringLiteral("Origin not allowed"));
        socket.release()->deleteLater();
        return;
    }
    // Qt 6.4 cannot answer 401 before the upgrade: accept, then close with 4401.
    auto user = m_auth.authenticate(upgradeToken(*socket));
    if (!user) {
        socket->close(QWebSocketProtocol::CloseCode(kCloseUnauthorized), user.error().message);
        socket.release()->deleteLater();
        return;
    }
    if (path.startsWith(kCompatPrefix)) {
        QString roomId = path.mid(kCompatPrefix.size());
        if (roomId.endsWith(u'/'))
            roomId.chop(1);
        acceptCompat(std::move(socket), *user, roomId);
        return;
    }
    acceptChat(std::move(socket), *user);
}

void Hub::acceptChat(std::unique_ptr<QWebSocket> socket, const User &user)
{
    const QString session = QUuid::createUuid().toString(QUuid::WithoutBraces);
    auto *connection = new Connection(*this, std::move(socket), user, session);
    m_byUser[user.id].append(connection);
    connection->send(
        ws::frame(ws::type::Hello, {{QStringLiteral("user"), user.toJson()},
                                    {QStringLiteral("session_id"), session},
                                    {QStringLiteral("heartbeat_s"), m_settings.heartbeatS}}));
    if (m_presence.connected(user))
        presenceChanged(user, true);
}

void Hub::acceptCompat(std::unique_ptr<QWebSocket> socket, const User &user, const QString &roomId)
{
    auto room = m_chat.room(user, roomId);
    if (!room) {
        socket->close(QWebSocketProtocol::CloseCode(kCloseNotFound),
                      QStringLiteral("No such room"));
        socket.release()->deleteLater();
        return;
    }
    auto *connection = new CompatConnection(*this, std::move(socket), user, roomId);
    m_compatByRoom[roomId].append(connection);
}

void Hub::connectionClosed(Connection *connection)
{
    const QString userId = connection->user().id;
    auto it = m_byUser.find(userId);
    if (it != m_byUser.end()) {
        it->removeOne(connection);
        if (it->isEmpty())
            m_byUser.erase(it);
    }
    if (m_presence.disconnected(userId, nowMs()))
        presenceChanged(connection->user(), false);
    connection->deleteLater();
}

void Hub::compatClosed(CompatConnection *connection, const QString &roomId)
{
    auto it = m_compatByRoom.find(roomId);
    if (it != m_compatByRoom.end()) {
        it->removeOne(connection);
        if (it->isEmpty())
            m_compatByRoom.erase(it);
    }
    connection->deleteLater();
}

void Hub::onHeartbeat()
{
    const qint64 deadline = nowMs() - 3LL * m_settings.heartbeatS * 1000;
    QList<PeerSocket *> all;
    for (const auto &list : std::as_const(m_byUser)) {
        for (Connection *c : list)
            all.append(c);
    }
    for (const auto &list : std::as_const(m_compatByRoom)) {
        for (CompatConnection *c : list)
            all.append(c);
    }
    // Blocks made outside this process (the admin CLI) are noticed here, once per period.
    QHash<QString, bool> blocked;
    for (PeerSocket *peer : std::as_const(all)) {
        const QString userId = peer->user().id;
        auto known = blocked.constFind(userId);
        if (known == blocked.cend()) {
            auto record = m_storage.users().byId(userId);
            if (record && record->user != peer->user())
                refreshUser(record->user); // changed by the CLI or another node
            known = blocked.insert(userId, !record || record->blocked);
        }
        if (*known) {
            peer->close(kCloseForbidden, QStringLiteral("Account blocked"));
        } else if (peer->lastActivityMs() < deadline) {
            qCInfo(lcRealtime) << "Closing silent connection of" << peer->user().username;
            peer->close(1001, QStringLiteral("No heartbeat"));
        } else {
            peer->resetStrikes();
            peer->ping();
        }
    }
}

// --- client frames ----------------------------------------------------------------------------

void Hub::handleFrame(Connection &c, const QString &ref, const ws::ClientFrame &frame)
{
    std::visit(
        [&](const auto &f) {
            using F = std::decay_t<decltype(f)>;
            if constexpr (std::is_same_v<F, ws::SendFrame>)
                handleSend(c, ref, f);
            else if constexpr (std::is_same_v<F, ws::TypingFrame>)
                handleTyping(c, ref, f);
            else if constexpr (std::is_same_v<F, ws::ReceiptFrame>)
                handleReceipt(c, ref, f);
            else if constexpr (std::is_same_v<F, ws::ResumeFrame>)
                handleResume(c, ref, f);
            else
                c.send(ws::frame(ws::type::Pong, {}, ref));
        },
        frame);
}

void Hub::handleSend(Connection &c, const QString &ref, const ws::SendFrame &frame)
{
    // Group commit: sends that arrive in one pass of the event loop are stored in one
    // transaction, and each is acked once that transaction committed.
    if (m_sends.isEmpty())
        QMetaObject::invokeMethod(this, &Hub::flushSends, Qt::QueuedConnection);
    m_sends.append({&c, ref, frame, m_clock.nsecsElapsed()});
    if (!m_settings.groupCommit)
        flushSends();
}

void Hub::flushSends()
{
    QList<PendingSend> sends;
    sends.swap(m_sends);
    if (sends.isEmpty())
        return;
    QList<std::optional<Result<storage::AppendResult>>> results(sends.size());
    const Status committed = m_chat.batch([&]() -> Status {
        for (qsizetype i = 0; i < sends.size(); ++i) {
            const PendingSend &send = sends.at(i);
            if (!send.connection)
                continue; // the sender left before its turn: its frame is dropped unacked
            service::ChatService::OriginScope origin(m_chat, send.connection->sessionId());
            results[i] =
                m_chat.send(send.connection->user(), send.frame.roomId, send.frame.message);
        }
        return {};
    });
    for (qsizetype i = 0; i < sends.size(); ++i) {
        const PendingSend &send = sends.at(i);
        if (!send.connection || !results.at(i))
            continue;
        const auto &result = *results.at(i);
        if (!committed) {
            send.connection->sendError(committed.error(), send.ref);
        } else if (!result) {
            send.connection->sendError(result.error(), send.ref);
        } else {
            send.connection->send(ws::frame(
                ws::type::Ack,
                {{QStringLiteral("client_id"), json::stringOrNull(send.frame.message.clientId)},
                 {QStringLiteral("message"), result->message.toJson()}},
                send.ref));
            if (m_sendObserver)
                m_sendObserver(double(m_clock.nsecsElapsed() - send.startNs) / 1e9);
        }
    }
}

void Hub::handleTyping(Connection &c, const QString &ref, const ws::TypingFrame &frame)
{
    if (!members(frame.roomId).contains(c.user().id)) {
        c.sendError(Error::notFound(QStringLiteral("No such room")), ref);
        return;
    }
    setTyping(c.user(), frame.roomId, frame.isTyping);
    if (!ref.isEmpty())
        c.send(ws::frame(ws::type::Ack, {}, ref));
}

void Hub::compatTyping(const User &user, const QString &roomId, bool typing)
{
    if (members(roomId).contains(user.id))
        setTyping(user, roomId, typing);
}

void Hub::setTyping(const User &user, const QString &roomId, bool typing)
{
    const QString key = roomId + u'/' + user.id;
    QTimer *timer = m_typingTimers.value(key);
    if (typing && timer) {
        timer->start(m_settings.typingExpiryMs); // still typing: only the expiry moves
        return;
    }
    if (!typing && !timer)
        return; // nothing to end
    if (typing) {
        timer = new QTimer(this);
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, this,
                [this, user, roomId] { setTyping(user, roomId, false); });
        m_typingTimers.insert(key, timer);
        timer->start(m_settings.typingExpiryMs);
    } else {
        m_typingTimers.remove(key);
        timer->deleteLater();
    }
    m_bus.publish({Event::Kind::Typing,
                   roomId,
                   user.id,
                   {{QStringLiteral("user"), user.toJson()}, {QStringLiteral("is_typing"), typing}},
                   {}});
}

void Hub::handleReceipt(Connection &c, const QString &ref, const ws::ReceiptFrame &frame)
{
    service::ChatService::OriginScope origin(m_chat, c.sessionId());
    auto state = frame.read ? m_chat.markRead(c.user(), frame.roomId, frame.upToSeq)
                            : m_chat.markDelivered(c.user(), frame.roomId, frame.upToSeq);
    if (!state) {
        c.sendError(state.error(), ref);
        return;
    }
    if (!ref.isEmpty()) {
        c.send(ws::frame(ws::type::Ack,
                         {{QStringLiteral("room_id"), frame.roomId},
                          {QStringLiteral("read_seq"), state->readSeq},
                          {QStringLiteral("unread_count"), state->unreadCount}},
                         ref));
    }
}

void Hub::handleResume(Connection &c, const QString &ref, const ws::ResumeFrame &frame)
{
    auto rooms = m_storage.rooms().listForMember(c.user().id, {}, std::nullopt, 100000);
    if (!rooms) {
        c.sendError(rooms.error(), ref);
        return;
    }
    QJsonObject lastSeqs;
    bool complete = true;
    QSet<QString> seen;
    for (const storage::RoomRecord &room : std::as_const(*rooms)) {
        seen.insert(room.id);
        lastSeqs.insert(room.id, room.lastSeq);
        std::optional<qint64> cursor;
        if (frame.cursors.contains(room.id))
            cursor = frame.cursors.value(room.id);
        else if (frame.full)
            cursor = 0;
        if (!cursor) {
            auto view = m_chat.view(room, c.user().id);
            if (view)
                c.send(ws::frame(ws::type::RoomAdded, {{QStringLiteral("room"), view->toJson()}}));
            continue;
        }
        if (*cursor >= room.lastSeq)
            continue;
        auto page =
            m_storage.messages().page(room.id, std::nullopt, *cursor, m_settings.resumeLimit);
        if (!page) {
            c.sendError(page.error(), ref);
            return;
        }
        for (const Message &message : std::as_const(page->messages))
            c.send(ws::frame(ws::type::Message, {{QStringLiteral("message"), message.toJson()}}));
        if (page->hasMore)
            complete = false;
    }
    // Rooms the client remembers but is no longer in.
    for (auto it = frame.cursors.cbegin(); it != frame.cursors.cend(); ++it) {
        if (!seen.contains(it.key()))
            c.send(ws::frame(ws::type::RoomRemoved, {{QStringLiteral("room_id"), it.key()}}));
    }
    c.send(ws::frame(ws::type::Resumed,
                     {{QStringLiteral("rooms"), lastSeqs}, {QStringLiteral("complete"), complete}},
                     ref));
}

// --- events -> frames ---------------------------------------------------------------------------

const QStringList &Hub::members(const QString &roomId)
{
    auto it = m_memberCache.find(roomId);
    if (it == m_memberCache.end()) {
        auto ids = m_storage.rooms().memberIds(roomId);
        it = m_memberCache.insert(roomId, ids ? *ids : QStringList());
    }
    return *it;
}

void Hub::toUser(const QString &userId, const QString &frame, const QString &except)
{
    const auto it = m_byUser.constFind(userId);
    if (it == m_byUser.cend())
        return;
    for (Connection *connection : *it) {
        if (connection->sessionId() != except)
            connection->sendText(frame);
    }
}

void Hub::toMembers(const QString &roomId, const QString &frame, const QString &exceptUser,
                    const QString &exceptSession)
{
    for (const QString &userId : members(roomId)) {
        if (userId != exceptUser)
            toUser(userId, frame, exceptSession);
    }
}

void Hub::toStaff(const QString &frame)
{
    for (auto it = m_byUser.cbegin(); it != m_byUser.cend(); ++it) {
        if (!it->isEmpty() && isStaff(it->first()->user().role)) {
            for (Connection *connection : *it)
                connection->sendText(frame);
        }
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
                   {{QStringLiteral("user"), shown.toJson()}, {QStringLiteral("online"), online}},
                   {}});
}

void Hub::onEvent(const Event &event)
{
    const QJsonObject &p = event.payload;
    switch (event.kind) {
    case Event::Kind::MessageCreated: {
        const QJsonObject message = p.value(QStringLiteral("message")).toObject();
        toMembers(event.roomId,
                  frameText(ws::type::Message, {{QStringLiteral("message"), message}}), {},
                  event.origin);
        for (CompatConnection *compat : m_compatByRoom.value(event.roomId))
            compat->deliverMessage(message);
        break;
    }
    case Event::Kind::MessageUpdated:
    case Event::Kind::MessageDeleted: {
        const QString type = event.kind == Event::Kind::MessageUpdated ? ws::type::MessageUpdated
                                                                       : ws::type::MessageDeleted;
        toMembers(event.roomId, frameText(type, {{QStringLiteral("message"),
                                                  p.value(QStringLiteral("message"))}}));
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
                   event.origin);
            for (CompatConnection *compat : m_compatByRoom.value(event.roomId))
                compat->deliverReadReceipt(event.userId, upTo);
        }
        break;
    }
    case Event::Kind::RoomCreated: {
        m_memberCache.remove(event.roomId);
        for (const QJsonValue &id : p.value(QStringLiteral("member_ids")).toArray())
            roomViewTo(id.toString(), event.roomId, ws::type::RoomAdded);
        break;
    }
    case Event::Kind::MemberJoined: {
        m_memberCache.remove(event.roomId);
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
        m_memberCache.remove(event.roomId);
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
        const QString frame =
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
        // Everyone who shares a room with the user, and staff.
        const QJsonObject user = p.value(QStringLiteral("user")).toObject();
        const QString frame =
            frameText(ws::type::Presence,
                      {{QStringLiteral("user"), user},
                       {QStringLiteral("online"), p.value(QStringLiteral("online"))},
                       {QStringLiteral("last_seen"), user.value(QStringLiteral("last_seen"))}});
        QSet<QString> audience;
        if (auto rooms = m_storage.rooms().listForMember(event.userId, {}, std::nullopt, 100000)) {
            for (const storage::RoomRecord &room : std::as_const(*rooms)) {
                for (const QString &id : members(room.id))
                    audience.insert(id);
            }
        }
        for (auto it = m_byUser.cbegin(); it != m_byUser.cend(); ++it) {
            if (it.key() == event.userId || it->isEmpty())
                continue;
            if (audience.contains(it.key()) || isStaff(it->first()->user().role)) {
                for (Connection *connection : *it)
                    connection->sendText(frame);
            }
        }
        break;
    }
    case Event::Kind::UserUpdated: {
        auto user = User::fromJson(p.value(QStringLiteral("user")).toObject());
        if (user)
            refreshUser(*user);
        break;
    }
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
