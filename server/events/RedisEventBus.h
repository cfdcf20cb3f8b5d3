#pragma once

#include "events/Backoff.h"
#include "events/EventBus.h"
#include "events/RedisConnection.h"
#include "events/RedisSettings.h"

#include <QHash>
#include <QTimer>

#include <memory>

namespace parley::events {

// The event bus of a cluster: every event is delivered to this node's subscribers at once and
// PUBLISHed (serialized once, compact JSON tagged with this node's id) on one Redis channel; the
// other nodes deliver it to theirs, this node ignores its own copy.
//
// It also keeps the cluster's presence and liveness in Redis:
//   <prefix>alive:<node>     a key refreshed every heartbeat, expiring after 3 heartbeats
//   <prefix>nodes            the set of registered nodes
//   <prefix>presence:<node>  hash user id -> User JSON of the users connected to that node
// A node whose alive key expired is removed from the set by the first node to notice (SREM
// answers 1 to exactly one), which reports it through ClusterObserver::nodeDown.
//
// When Redis goes away, events are still delivered locally; the bus reconnects with a capped,
// jittered backoff, rewrites this node's presence, reloads the others', asks every node (itself
// included) to catch up from the database, and is healthy again.
class RedisEventBus final : public EventBus
{
public:
    explicit RedisEventBus(RedisSettings settings);
    ~RedisEventBus() override;

    // Starts connecting; events published before the bus is up are delivered locally only.
    void start();

    void publish(const Event &event) override;
    QString health() const override;
    QString nodeId() const override { return m_nodeId; }
    void setClusterObserver(ClusterObserver observer) override { m_observer = std::move(observer); }

    quint64 reconnects() const { return m_reconnects; }
    quint64 published() const { return m_published; }
    quint64 received() const { return m_received; }
    quint64 dropped() const { return m_dropped; }

private:
    enum class State { Connecting, Ready, Down };

    void connectBoth();
    void onConnectionUp();
    void onConnectionDown(const QString &why);
    void onReady();
    void onMessage(const QByteArray &payload);
    void onHeartbeat();
    void claimDeadNode(const QString &node);
    void registerPresence();
    void loadPresence(const QStringList &nodes, bool complete);
    void trackOwnPresence(const Event &event);
    void sendControl(const QString &control);
    void leaveCluster();

    QByteArray key(const QString &name) const { return (m_settings.prefix + name).toUtf8(); }

    RedisSettings m_settings;
    QString m_nodeId;
    QByteArray m_channel;
    std::unique_ptr<RedisConnection> m_commands;
    std::unique_ptr<RedisConnection> m_subscriber;
    QTimer m_heartbeat;
    QTimer m_retry;
    Backoff m_backoff;
    State m_state = State::Connecting;
    bool m_everReady = false;
    bool m_subscribed = false;
    ClusterObserver m_observer;
    QHash<QString, QByteArray> m_ownUsers; // user id -> User JSON, connected to this node
    quint64 m_reconnects = 0;
    quint64 m_published = 0;
    quint64 m_received = 0;
    quint64 m_dropped = 0;
};

} // namespace parley::events
