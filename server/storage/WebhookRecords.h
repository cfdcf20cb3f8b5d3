#pragma once

#include "protocol/Webhook.h"

#include <QByteArray>
#include <QString>

namespace parley::storage {

// An endpoint as stored: the wire view (without its secret) and the secret it signs with.
struct WebhookEndpointRecord
{
    WebhookEndpoint endpoint;
    QString secret;
};

// A delivery as stored: the wire view and the JSON body it POSTs (the same bytes every attempt).
struct WebhookDeliveryRecord
{
    WebhookDelivery delivery;
    QByteArray body;
};

// How one attempt of a claimed delivery ended.
struct DeliveryOutcome
{
    DeliveryStatus status = DeliveryStatus::Pending; // Pending: retry at nextAttemptMs
    int attempts = 0;
    int statusCode = 0; // 0: no HTTP answer
    QString error;
    qint64 nextAttemptMs = 0;
    qint64 nowMs = 0;
};

} // namespace parley::storage
