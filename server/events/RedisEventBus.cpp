#include "events/RedisEventBus.h"

#include "logging/Logging.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QUuid>

#include <hiredis/hiredis.h>

#include <memory>

namespace parley::events {
namespace {

const QString kNode = QStringLiteral("node");
const QString kEvent = QStringLiteral("event");
const QString kControl = QStringLiteral("control");
const QString kResync = QStringLiteral("resync");

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// HGETALL's flat [field, value, ...] as User JSON objects.
QList<QJsonObject> usersOf(const RedisReply &reply)
{
    QList<QJsonObject> users;
    for (qsizetype i = 1; i < reply.elements.size(); i += 2)
        users.append(QJsonDocument::fromJson(reply.elements.at(i).text).object());
    return users;
}

} // namespace

RedisEventBus::RedisEventBus(RedisSettings settings)
    : m_settings(std::move(settings))
    , m_nodeId(QUuid::createUuid().toString(QUuid::Id128).left(16))
    , m_channel(key(QStringLiteral("events")))
    , m_backoff(m_settings.backoffBaseMs, m_settings.backoffCapMs)
{
    m_commands = std::make_unique<RedisConnection>(
        [this] { onConnectionUp(); }, [this](const QString &why) { onConnectionDown(why); });
    m_subscriber = std::make_unique<RedisConnection>(
        [this] {
            m_subscriber->subscribe(
                m_channel, [this](const QByteArray &payload) { onMessage(payload); },
                [this] {
                    m_subscribed = true;
                    onConnectionUp();
                });
        },
        [this](const QString &why) { onConnectionDown(why); });
    m_heartbeat.setInterval(m_settings.heartbeatMs);
    QObject::connect(&m_heartbeat, &QTimer::timeout, [this] { onHeartbeat(); });
    m_retry.setSingleShot(true);
    QObject::connect(&m_retry, &QTimer::timeout, [this] { connectBoth(); });
}

RedisEventBus::~RedisEventBus()
{
    m_heartbeat.stop();
    m_retry.stop();
    m_subscriber->close();
    m_commands->close();
    if (m_state == State::Ready)
        leaveCluster();
}

void RedisEventBus::leaveCluster()
{
    // A clean shutdown: the alive key goes at once, so the next heartbeat of another node sends
    // this node's users offline instead of waiting for the key to expire. Blocking, briefly: the
    // event loop is over.
    const timeval timeout{0, 500 * 1000};
    redisContext *context =
        redisConnectWithTimeout(m_settings.host.toUtf8().constData(), m_settings.port, timeout);
    if (context && !context->err) {
        redisSetTimeout(context, timeout);
        const QByteArray alive = key(QStringLiteral("alive:") + m_nodeId);
        if (auto *reply = redisCommand(context, "DEL %b", alive.constData(), size_t(alive.size())))
            freeReplyObject(reply);
    }
    if (context)
        redisFree(context);
}

void RedisEventBus::start()
{
    qCInfo(lcBus) << "Redis event bus: node" << m_nodeId << "on" << m_settings.host
                  << m_settings.port;
    connectBoth();
}

void RedisEventBus::connectBoth()
{
    m_subscribed = false;
    m_commands->open(m_settings.host, m_settings.port, m_settings.connectTimeoutMs);
    m_subscriber->open(m_settings.host, m_settings.port, m_settings.connectTimeoutMs);
}

void RedisEventBus::onConnectionUp()
{
    if (m_state != State::Ready && m_subscribed && m_commands->isUp() && m_subscriber->isUp())
        onReady();
}

void RedisEventBus::onConnectionDown(const QString &why)
{
    if (m_retry.isActive())
        return; // the other connection's report of the same outage
    if (m_state == State::Ready)
        qCWarning(lcBus) << "Lost Redis:" << why;
    else
        qCInfo(lcBus) << "Cannot reach Redis:" << why;
    if (m_everReady)
        m_state = State::Down;
    m_heartbeat.stop();
    m_subscribed = false;
    m_commands->close();
    m_subscriber->close();
    const int delay = m_backoff.next();
    ++m_reconnects;
    m_retry.start(delay);
}

void RedisEventBus::onReady()
{
    const bool recovered = m_everReady;
    m_state = State::Ready;
    m_everReady = true;
    m_backoff.reset();
    qCInfo(lcBus) << (recovered ? "Reconnected to Redis" : "Connected to Redis");
    m_commands->command({"SET", key(QStringLiteral("alive:") + m_nodeId),
                         QByteArray::number(QDateTime::currentMSecsSinceEpoch()), "PX",
                         QByteArray::number(3 * m_settings.heartbeatMs)});
    m_commands->command({"SADD", key(QStringLiteral("nodes")), m_nodeId.toUtf8()});
    registerPresence();
    m_commands->command({"SMEMBERS", key(QStringLiteral("nodes"))},
                        [this](const std::optional<RedisReply> &reply) {
                            if (!reply || reply->isError())
                                return;
                            QStringList nodes;
                            for (const RedisReply &node : reply->elements)
                                nodes.append(QString::fromUtf8(node.text));
                            loadPresence(nodes, true);
                        });
    m_heartbeat.start();
    if (m_observer.catchUp)
        m_observer.catchUp();
    if (recovered)
        sendControl(kResync); // the others may have missed what this node published meanwhile
}

QString RedisEventBus::health() const
{
    switch (m_state) {
    case State::Ready:
        return QStringLiteral("ok");
    case State::Connecting:
        return QStringLiteral("connecting");
    case State::Down:
        break;
    }
    return QStringLiteral("down");
}

void RedisEventBus::publish(const Event &event)
{
    deliver(event);
    trackOwnPresence(event);
    if (m_state != State::Ready) {
        ++m_dropped; // the others catch up from the database when the bus is back
        return;
    }
    if (m_commands->command(
            {"PUBLISH", m_channel, compact({{kNode, m_nodeId}, {kEvent, event.toJson()}})}))
        ++m_published;
    else
        ++m_dropped;
}

void RedisEventBus::sendControl(const QString &control)
{
    m_commands->command({"PUBLISH", m_channel, compact({{kNode, m_nodeId}, {kControl, control}})});
}

void RedisEventBus::onMessage(const QByteArray &payload)
{
    const QJsonObject envelope = QJsonDocument::fromJson(payload).object();
    const QString node = envelope.value(kNode).toString();
    if (node == m_nodeId)
        return; // delivered locally when it was published
    if (envelope.value(kControl).toString() == kResync) {
        loadPresence({node}, false);
        if (m_observer.catchUp)
            m_observer.catchUp();
        return;
    }
    auto event = Event::fromJson(envelope.value(kEvent).toObject());
    if (!event) {
        qCWarning(lcBus) << "Ignoring an unreadable event from node" << node;
        return;
    }
    ++m_received;
    event->remote = true;
    deliver(*event);
}

void RedisEventBus::trackOwnPresence(const Event &event)
{
    if (event.kind != Event::Kind::Presence || event.payload.value(kNode).toString() != m_nodeId)
        return;
    const QJsonObject user = event.payload.value(QStringLiteral("user")).toObject();
    const QByteArray userId = event.userId.toUtf8();
    const QByteArray hash = key(QStringLiteral("presence:") + m_nodeId);
    if (event.payload.value(QStringLiteral("online")).toBool()) {
        const QByteArray json = compact(user);
        m_ownUsers.insert(event.userId, json);
        if (m_state == State::Ready)
            m_commands->command({"HSET", hash, userId, json});
    } else {
        m_ownUsers.remove(event.userId);
        if (m_state == State::Ready)
            m_commands->command({"HDEL", hash, userId});
    }
}

void RedisEventBus::registerPresence()
{
    const QByteArray hash = key(QStringLiteral("presence:") + m_nodeId);
    m_commands->command({"DEL", hash});
    if (m_ownUsers.isEmpty())
        return;
    QByteArrayList args{"HSET", hash};
    for (auto it = m_ownUsers.cbegin(); it != m_ownUsers.cend(); ++it)
        args << it.key().toUtf8() << it.value();
    m_commands->command(args);
}

void RedisEventBus::loadPresence(const QStringList &nodes, bool complete)
{
    struct Pending
    {
        ClusterObserver::NodeUsers users;
        qsizetype left = 0;
        bool failed = false;
    };
    auto pending = std::make_shared<Pending>();
    QStringList others;
    for (const QString &node : nodes) {
        if (node != m_nodeId)
            others.append(node);
    }
    pending->left = others.size();
    const auto done = [this, pending, complete] {
        if (!pending->failed && m_observer.presenceSnapshot)
            m_observer.presenceSnapshot(pending->users, complete);
    };
    if (others.isEmpty()) {
        done();
        return;
    }
    for (const QString &node : std::as_const(others)) {
        m_commands->command({"HGETALL", key(QStringLiteral("presence:") + node)},
                            [pending, node, done](const std::optional<RedisReply> &reply) {
                                if (!reply || reply->isError())
                                    pending->failed = true;
                                else
                                    pending->users.insert(node, usersOf(*reply));
                                if (--pending->left == 0)
                                    done();
                            });
    }
}

void RedisEventBus::onHeartbeat()
{
    if (m_state != State::Ready)
        return;
    m_commands->command({"SET", key(QStringLiteral("alive:") + m_nodeId),
                         QByteArray::number(QDateTime::currentMSecsSinceEpoch()), "PX",
                         QByteArray::number(3 * m_settings.heartbeatMs)});
    m_commands->command({"SADD", key(QStringLiteral("nodes")), m_nodeId.toUtf8()},
                        [this](const std::optional<RedisReply> &reply) {
                            if (!reply || reply->integer != 1)
                                return;
                            // Another node took this one for dead (it stalled for 3 beats) and
                            // sent its users offline: put them back.
                            qCWarning(lcBus) << "This node had been declared dead: re-registering";
                            registerPresence();
                            sendControl(kResync);
                        });
    m_commands->command(
        {"SMEMBERS", key(QStringLiteral("nodes"))}, [this](const std::optional<RedisReply> &reply) {
            if (!reply || reply->isError())
                return;
            for (const RedisReply &element : reply->elements) {
                const QString node = QString::fromUtf8(element.text);
                if (node == m_nodeId)
                    continue;
                m_commands->command({"EXISTS", key(QStringLiteral("alive:") + node)},
                                    [this, node](const std::optional<RedisReply> &alive) {
                                        if (alive && alive->type == RedisReply::Type::Integer &&
                                            alive->integer == 0)
                                            claimDeadNode(node);
                                    });
            }
        });
}

void RedisEventBus::claimDeadNode(const QString &node)
{
    m_commands->command(
        {"SREM", key(QStringLiteral("nodes")), node.toUtf8()},
        [this, node](const std::optional<RedisReply> &reply) {
            if (!reply || reply->integer != 1)
                return; // another node claimed it first
            const QByteArray hash = key(QStringLiteral("presence:") + node);
            m_commands->command(
                {"HGETALL", hash}, [this, node](const std::optional<RedisReply> &users) {
                    if (!users || users->isError())
                        return;
                    qCWarning(lcBus) << "Node" << node << "stopped beating;"
                                     << users->elements.size() / 2 << "of its users go offline";
                    if (m_observer.nodeDown)
                        m_observer.nodeDown(node, usersOf(*users));
                });
            m_commands->command({"DEL", hash});
        });
}

} // namespace parley::events
