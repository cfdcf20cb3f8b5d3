#pragma once

#include "protocol/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace parley {

// Webhooks (docs/API.md, "Webhooks"): admin-configured HTTP endpoints the server POSTs signed
// events to. The secret is returned once, by the request that sets it; never afterwards.
namespace webhook {
inline constexpr char16_t kOfflineMemberEvent[] = u"message.offline_member";
inline constexpr char16_t kPingEvent[] = u"ping";
inline constexpr int kDefaultIntervalS = 300;
inline constexpr int kMaxIntervalS = 7 * 24 * 3600;
inline constexpr int kMinSecretLength = 16;
// The events an endpoint may subscribe to (ping is always sent on request, never subscribed).
QStringList subscribableEvents();
} // namespace webhook

// {"id","url","enabled","events":[..],"interval_s","created_at","updated_at"} and, in the answer
// that created the endpoint or set its secret only, "secret".
struct WebhookEndpoint
{
    QString id;
    QString url;
    bool enabled = true;
    QStringList events;
    int intervalS = webhook::kDefaultIntervalS;
    QDateTime createdAt;
    QDateTime updatedAt;
    QString secret; // empty except right after it was set

    QJsonObject toJson() const;
    static Result<WebhookEndpoint> fromJson(const QJsonObject &obj);
};

enum class DeliveryStatus { Pending, Delivered, Failed };
QString deliveryStatusName(DeliveryStatus status);
std::optional<DeliveryStatus> deliveryStatusFromName(const QString &name);

// One POST to an endpoint, with its retries: {"id","endpoint_id","event","room_id","recipient_id",
// "status","attempts","last_status_code","last_error","next_attempt_at","created_at",
// "delivered_at"} (room_id, recipient_id, last_status_code, last_error, delivered_at may be null).
struct WebhookDelivery
{
    QString id;
    QString endpointId;
    QString event;
    QString roomId;
    QString recipientId;
    DeliveryStatus status = DeliveryStatus::Pending;
    int attempts = 0;
    int lastStatusCode = 0; // 0: no HTTP answer (yet)
    QString lastError;
    QDateTime nextAttemptAt;
    QDateTime createdAt;
    QDateTime deliveredAt; // invalid: not delivered

    QJsonObject toJson() const;
    static Result<WebhookDelivery> fromJson(const QJsonObject &obj);
};

// POST /api/admin/webhooks: {"url", "secret"?, "enabled"?, "events"?, "interval_s"?}. Without a
// secret the server generates one.
struct CreateWebhookRequest
{
    QString url;
    QString secret;
    bool enabled = true;
    QStringList events{QString::fromUtf16(webhook::kOfflineMemberEvent)};
    int intervalS = webhook::kDefaultIntervalS;

    QJsonObject toJson() const;
    static Result<CreateWebhookRequest> fromJson(const QJsonObject &obj);
};

// PATCH /api/admin/webhooks/{id}: any of the fields above; "rotate_secret": true generates a new
// secret (answered once).
struct UpdateWebhookRequest
{
    std::optional<QString> url;
    std::optional<QString> secret;
    std::optional<bool> enabled;
    std::optional<QStringList> events;
    std::optional<int> intervalS;
    bool rotateSecret = false;

    QJsonObject toJson() const;
    static Result<UpdateWebhookRequest> fromJson(const QJsonObject &obj);
};

} // namespace parley
