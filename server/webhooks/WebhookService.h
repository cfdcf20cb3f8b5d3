#pragma once

#include "events/Event.h"
#include "protocol/Result.h"
#include "protocol/User.h"
#include "protocol/Webhook.h"
#include "storage/Storage.h"

#include <QList>
#include <QString>

#include <functional>

namespace parley::webhooks {

struct DeliveryPage
{
    QList<WebhookDelivery> deliveries;
    QString nextCursor; // empty: no more
};

// Webhooks (docs/API.md, "Webhooks"): the admin's endpoints and the delivery queue they are fed
// from. Every MessageCreated this node published (not another node's: that node enqueued it)
// enqueues, per enabled endpoint subscribed to message.offline_member and per room member other
// than the sender who is offline cluster-wide, one delivery, unless that (endpoint, room, member)
// window is open. WebhookSender sends what is queued.
class WebhookService
{
public:
    using IsOnline = std::function<bool(const QString &userId)>;
    // endpointCacheMs: how long the enabled endpoints are kept in memory between reads (edits on
    // this node drop them at once; other nodes' edits are seen within that time).
    WebhookService(storage::Storage &storage, IsOnline isOnline, int endpointCacheMs);

    // Admins only.
    Result<QList<WebhookEndpoint>> endpoints(const User &actor);
    Result<WebhookEndpoint> create(const User &actor, const CreateWebhookRequest &request);
    Result<WebhookEndpoint> update(const User &actor, const QString &id,
                                   const UpdateWebhookRequest &request);
    // Newest first; an empty endpointId lists all.
    Result<DeliveryPage> deliveries(const User &actor, const QString &endpointId,
                                    const QString &cursor, int limit);
    // A new delivery with the same event and body, due now.
    Result<WebhookDelivery> redeliver(const User &actor, const QString &deliveryId);
    // A "ping" delivery to the endpoint, due now (sent even when the endpoint is disabled).
    Result<WebhookDelivery> sendTest(const User &actor, const QString &endpointId);

    // Subscribed to the event bus.
    void onEvent(const events::Event &event);
    // Told whenever a delivery was queued (the sender looks at once instead of at its next tick).
    void setQueuedObserver(std::function<void()> observer) { m_queued = std::move(observer); }

private:
    Status requireAdmin(const User &actor) const;
    Result<QList<storage::WebhookEndpointRecord>> activeEndpoints();
    void offlineMembers(const events::Event &event);
    Result<WebhookDelivery> enqueueNow(const QString &endpointId, const QString &event,
                                       const QString &roomId, const QString &recipientId,
                                       const QByteArray &body);
    static storage::WebhookDeliveryRecord newDelivery(const QString &endpointId,
                                                      const QString &event, const QString &roomId,
                                                      const QString &recipientId,
                                                      const QByteArray &body, qint64 nowMs);

    storage::Storage &m_storage;
    IsOnline m_isOnline;
    int m_cacheMs;
    QList<storage::WebhookEndpointRecord> m_active;
    qint64 m_activeUntilMs = 0; // 0: not loaded
    std::function<void()> m_queued;
};

} // namespace parley::webhooks
