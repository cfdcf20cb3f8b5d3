#pragma once

#include "events/Event.h"

#include <QHash>
#include <QJsonObject>
#include <QList>

#include <functional>

namespace parley::events {

// What a bus spanning several nodes tells the hub about the cluster (RedisEventBus). Users are
// User JSON objects as published in presence events.
struct ClusterObserver
{
    using NodeUsers = QHash<QString, QList<QJsonObject>>; // node id -> its online users
    // A node stopped beating; this node was the one to notice: its users should go offline.
    std::function<void(const QString &node, const QList<QJsonObject> &users)> nodeDown;
    // Who is online on other nodes, as stored in the broker. `complete`: nodes not listed are gone.
    std::function<void(const NodeUsers &nodes, bool complete)> presenceSnapshot;
    // Events may have been missed (this node or another lost the broker): catch up from the
    // database.
    std::function<void()> catchUp;
};

// Where the service layer publishes events: in-process (LocalEventBus) or across nodes
// (RedisEventBus). Either way the publishing node's own subscribers get each event at once,
// synchronously, in publish order.
class EventBus
{
public:
    using Subscriber = std::function<void(const Event &)>;
    virtual ~EventBus() = default;

    virtual void publish(const Event &event) = 0;
    // "ok" or "none" for a bus without a broker; anything else is unhealthy.
    virtual QString health() const = 0;
    // This node's id, unique in the cluster (presence events say where a user is connected).
    virtual QString nodeId() const = 0;
    virtual void setClusterObserver(ClusterObserver) {}

    void subscribe(Subscriber subscriber) { m_subscribers.append(std::move(subscriber)); }

protected:
    void deliver(const Event &event) const
    {
        for (const Subscriber &subscriber : m_subscribers)
            subscriber(event);
    }

private:
    QList<Subscriber> m_subscribers;
};

// Delivers every event to this process's subscribers, synchronously, in publish order.
class LocalEventBus final : public EventBus
{
public:
    void publish(const Event &event) override { deliver(event); }
    QString health() const override { return QStringLiteral("none"); }
    QString nodeId() const override { return QStringLiteral("local"); }
};

} // namespace parley::events
