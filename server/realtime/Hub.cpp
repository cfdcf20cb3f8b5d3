#include "realtime/Hub.h"

#include "logging/Logging.h"
#include "protocol/Time.h"
#include "realtime/CompatConnection.h"
#include "realtime/Connection.h"
#include "realtime/HubDetail.h"
#include "realtime/UpgradeRequest.h"
#include "realtime/WsTransport.h"
#include "service/AuthService.h"
#include "service/ChatService.h"
#include "storage/Storage.h"

#include <QElapsedTimer>
#include <QUuid>

namespace parley::realtime {

using events::Event;
using namespace detail;

namespace {

const QString kCompatPrefix = QStringLiteral("/ws/chat/");

} // namespace

Hub::Hub(HubSettings settings, storage::Storage &storage, service::ChatService &chat,
         service::AuthService &auth, events::EventBus &bus)
    : m_settings(std::move(settings))
    , m_storage(storage)
    , m_chat(chat)
    , m_auth(auth)
    , m_bus(bus)
    , m_presence(storage.users(), bus.nodeId())
{
    m_bus.subscribe([this](const Event &event) { onEvent(event); });
    m_bus.setClusterObserver(
        {[this](const QString &node, const QList<QJsonObject> &users) { nodeDown(node, users); },
         [this](const events::ClusterObserver::NodeUsers &nodes, bool complete) {
             presenceSnapshot(nodes, complete);
         },
         [this] { catchUp(); }});
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

void Hub::accept(const UpgradeRequest &request, std::unique_ptr<WsTransport> transport)
{
    if (m_shuttingDown) {
        WsTransport::reject(std::move(transport), 1001, QStringLiteral("Server shutting down"));
        return;
    }
    if (!m_settings.allowedOrigins.isEmpty() && !request.origin.isEmpty() &&
        !m_settings.allowedOrigins.contains(request.origin)) {
        qCInfo(lcRealtime) << "Refused origin" << request.origin;
        WsTransport::reject(std::move(transport), kCloseForbidden,
                            QStringLiteral("Origin not allowed"));
        return;
    }
    // The upgrade is answered before the token is checked (Qt 6.4 cannot answer 401 first, and
    // the raw layer behaves the same): accept, then close with 4401.
    auto user = m_auth.authenticate(request.token);
    if (!user) {
        WsTransport::reject(std::move(transport), kCloseUnauthorized, user.error().message);
        return;
    }
    if (request.path.startsWith(kCompatPrefix)) {
        QString roomId = request.path.mid(kCompatPrefix.size());
        if (roomId.endsWith(u'/'))
            roomId.chop(1);
        acceptCompat(std::move(transport), *user, roomId);
        return;
    }
    acceptChat(std::move(transport), *user);
}

void Hub::acceptChat(std::unique_ptr<WsTransport> transport, const User &user)
{
    const QString session = QUuid::createUuid().toString(QUuid::WithoutBraces);
    auto *connection = new Connection(*this, std::move(transport), user, session);
    m_byUser[user.id].append(connection);
    m_fanout.clear();
    watchRooms(user.id);
    connection->send(
        ws::frame(ws::type::Hello, {{QStringLiteral("user"), user.toJson()},
                                    {QStringLiteral("session_id"), session},
                                    {QStringLiteral("heartbeat_s"), m_settings.heartbeatS}}));
    if (m_presence.connected(user))
        presenceChanged(user, true);
}

void Hub::acceptCompat(std::unique_ptr<WsTransport> transport, const User &user,
                       const QString &roomId)
{
    auto room = m_chat.room(user, roomId);
    if (!room) {
        WsTransport::reject(std::move(transport), kCloseNotFound, QStringLiteral("No such room"));
        return;
    }
    watchRoom(roomId, room->lastSeq);
    auto *connection = new CompatConnection(*this, std::move(transport), user, roomId);
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
        m_fanout.clear();
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

QList<PeerSocket *> Hub::peers() const
{
    QList<PeerSocket *> all;
    for (const auto &list : m_byUser) {
        for (Connection *c : list)
            all.append(c);
    }
    for (const auto &list : m_compatByRoom) {
        for (CompatConnection *c : list)
            all.append(c);
    }
    return all;
}

void Hub::onHeartbeat()
{
    const qint64 deadline = nowMs() - 3LL * m_settings.heartbeatS * 1000;
    const QList<PeerSocket *> all = peers();
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
            peer->close(1001, QStringLiteral("No heartbeat"), true);
        } else {
            peer->resetStrikes();
            peer->ping();
        }
    }
}

} // namespace parley::realtime
