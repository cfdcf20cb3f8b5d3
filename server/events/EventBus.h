#pragma once

#include "events/Event.h"

#include <QList>

#include <functional>

namespace parley::events {

// Where the service layer publishes events. In-process now (LocalEventBus); the Redis bus of the
// scale-out work implements the same interface and delivers events of every node.
class EventBus
{
public:
    using Subscriber = std::function<void(const Event &)>;
    virtual ~EventBus() = default;

    virtual void publish(const Event &event) = 0;
    // "ok" or "none" for a bus without a broker; anything else is unhealthy.
    virtual QString health() const = 0;

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
};

} // namespace parley::events
