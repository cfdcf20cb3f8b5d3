#pragma once

#include "config/WebhookConfig.h"
#include "storage/Storage.h"

#include <QHash>
#include <QNetworkAccessManager>
#include <QObject>
#include <QSet>
#include <QTimer>

class QNetworkReply;

namespace parley::webhooks {

// Sends queued webhook deliveries (docs/API.md, "Webhooks") off the request path: every pollMs
// (and at once when told a delivery was queued) it leases due deliveries for leaseMs, POSTs them
// with QNetworkAccessManager (signed, timeoutMs), and records the outcome: delivered, retried with
// exponential backoff and jitter (or after Retry-After), or failed. Only the lease holder records
// an outcome, so in a cluster each attempt is made by one node; a node that dies holding leases
// leaves them to expire and be taken by another.
class WebhookSender : public QObject
{
public:
    WebhookSender(storage::Storage &storage, app::WebhookConfig config, QString owner,
                  QObject *parent = nullptr);

    void start();
    // A delivery was queued: look soon instead of at the next tick.
    void poke();
    qsizetype inFlight() const { return m_inFlight.size(); }

private:
    void poll();
    void send(const storage::WebhookDeliveryRecord &record,
              const storage::WebhookEndpointRecord &endpoint);
    void finished(QNetworkReply *reply, const WebhookDelivery &delivery);
    void recordOutcome(const WebhookDelivery &delivery, storage::DeliveryOutcome outcome);
    void pollAfter(qint64 delayMs);

    storage::Storage &m_storage;
    app::WebhookConfig m_config;
    QString m_owner;
    QNetworkAccessManager m_network;
    QTimer m_timer;
    bool m_pollQueued = false;
    QSet<QString> m_inFlight; // delivery ids this node is sending
};

} // namespace parley::webhooks
