#include "protocol/Webhook.h"

#include "protocol/JsonFields.h"
#include "protocol/Time.h"

#include <QJsonArray>
#include <QUrl>

namespace parley {

using namespace Qt::StringLiterals;

namespace {

Result<QString> checkedUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (!url.isValid() || (scheme != u"http" && scheme != u"https") || url.host().isEmpty() ||
        text.size() > 2048)
        return Error::validation(u"url"_s, u"must be an http or https URL with a host"_s);
    return text;
}

Status checkedSecret(const QString &secret)
{
    if (secret.size() < webhook::kMinSecretLength || secret.size() > 256)
        return Error::validation(
            u"secret"_s,
            u"must be %1 to 256 characters"_s.arg(webhook::kMinSecretLength));
    return {};
}

Result<QStringList> checkedEvents(const QJsonArray &array)
{
    QStringList events;
    for (const QJsonValue &value : array) {
        if (!webhook::subscribableEvents().contains(value.toString()))
            return Error::validation(u"events"_s, u"unknown event '%1'"_s.arg(value.toString()));
        if (!events.contains(value.toString()))
            events.append(value.toString());
    }
    if (events.isEmpty())
        return Error::validation(u"events"_s, u"must name at least one event"_s);
    return events;
}

QJsonValue intOrNull(int value)
{
    return value ? QJsonValue(value) : QJsonValue();
}

} // namespace

QStringList webhook::subscribableEvents()
{
    return {QString::fromUtf16(kOfflineMemberEvent)};
}

QJsonObject WebhookEndpoint::toJson() const
{
    QJsonObject obj{{u"id"_s, id},
                    {u"url"_s, url},
                    {u"enabled"_s, enabled},
                    {u"events"_s, QJsonArray::fromStringList(events)},
                    {u"interval_s"_s, intervalS},
                    {u"created_at"_s, toWireTime(createdAt)},
                    {u"updated_at"_s, toWireTime(updatedAt)}};
    if (!secret.isEmpty())
        obj.insert(u"secret"_s, secret);
    return obj;
}

Result<WebhookEndpoint> WebhookEndpoint::fromJson(const QJsonObject &obj)
{
    WebhookEndpoint endpoint;
    auto id = json::requireString(obj, u"id"_s);
    if (!id)
        return id.error();
    endpoint.id = *id;
    auto url = json::requireString(obj, u"url"_s);
    if (!url)
        return url.error();
    endpoint.url = *url;
    auto enabled = json::requireBool(obj, u"enabled"_s);
    if (!enabled)
        return enabled.error();
    endpoint.enabled = *enabled;
    endpoint.events.clear();
    for (const QJsonValue &event : obj.value(u"events"_s).toArray())
        endpoint.events.append(event.toString());
    auto interval = json::requireInt(obj, u"interval_s"_s, 0, webhook::kMaxIntervalS);
    if (!interval)
        return interval.error();
    endpoint.intervalS = int(*interval);
    auto created = json::requireTime(obj, u"created_at"_s);
    if (!created)
        return created.error();
    endpoint.createdAt = *created;
    auto updated = json::requireTime(obj, u"updated_at"_s);
    if (!updated)
        return updated.error();
    endpoint.updatedAt = *updated;
    endpoint.secret = obj.value(u"secret"_s).toString();
    return endpoint;
}

QString deliveryStatusName(DeliveryStatus status)
{
    switch (status) {
    case DeliveryStatus::Pending:
        return u"pending"_s;
    case DeliveryStatus::Delivered:
        return u"delivered"_s;
    case DeliveryStatus::Failed:
        return u"failed"_s;
    }
    return u"pending"_s;
}

std::optional<DeliveryStatus> deliveryStatusFromName(const QString &name)
{
    for (DeliveryStatus status :
         {DeliveryStatus::Pending, DeliveryStatus::Delivered, DeliveryStatus::Failed}) {
        if (deliveryStatusName(status) == name)
            return status;
    }
    return std::nullopt;
}

QJsonObject WebhookDelivery::toJson() const
{
    return {{u"id"_s, id},
            {u"endpoint_id"_s, endpointId},
            {u"event"_s, event},
            {u"room_id"_s, json::stringOrNull(roomId)},
            {u"recipient_id"_s, json::stringOrNull(recipientId)},
            {u"status"_s, deliveryStatusName(status)},
            {u"attempts"_s, attempts},
            {u"last_status_code"_s, intOrNull(lastStatusCode)},
            {u"last_error"_s, json::stringOrNull(lastError)},
            {u"next_attempt_at"_s, wireTimeOrNull(nextAttemptAt)},
            {u"created_at"_s, toWireTime(createdAt)},
            {u"delivered_at"_s, wireTimeOrNull(deliveredAt)}};
}

Result<WebhookDelivery> WebhookDelivery::fromJson(const QJsonObject &obj)
{
    WebhookDelivery delivery;
    for (auto [field, target] : {std::pair{u"id"_s, &delivery.id},
                                 std::pair{u"endpoint_id"_s, &delivery.endpointId},
                                 std::pair{u"event"_s, &delivery.event}}) {
        auto value = json::requireString(obj, field);
        if (!value)
            return value.error();
        *target = *value;
    }
    delivery.roomId = obj.value(u"room_id"_s).toString();
    delivery.recipientId = obj.value(u"recipient_id"_s).toString();
    auto status = deliveryStatusFromName(obj.value(u"status"_s).toString());
    if (!status)
        return Error::validation(u"status"_s, u"unknown delivery status"_s);
    delivery.status = *status;
    auto attempts = json::requireInt(obj, u"attempts"_s, 0, 1000000);
    if (!attempts)
        return attempts.error();
    delivery.attempts = int(*attempts);
    delivery.lastStatusCode = obj.value(u"last_status_code"_s).toInt();
    delivery.lastError = obj.value(u"last_error"_s).toString();
    auto next = json::optionalTime(obj, u"next_attempt_at"_s);
    if (!next)
        return next.error();
    delivery.nextAttemptAt = *next;
    auto created = json::requireTime(obj, u"created_at"_s);
    if (!created)
        return created.error();
    delivery.createdAt = *created;
    auto delivered = json::optionalTime(obj, u"delivered_at"_s);
    if (!delivered)
        return delivered.error();
    delivery.deliveredAt = *delivered;
    return delivery;
}

QJsonObject CreateWebhookRequest::toJson() const
{
    QJsonObject obj{{u"url"_s, url},
                    {u"enabled"_s, enabled},
                    {u"events"_s, QJsonArray::fromStringList(events)},
                    {u"interval_s"_s, intervalS}};
    if (!secret.isEmpty())
        obj.insert(u"secret"_s, secret);
    return obj;
}

Result<CreateWebhookRequest> CreateWebhookRequest::fromJson(const QJsonObject &obj)
{
    auto patch = UpdateWebhookRequest::fromJson(obj);
    if (!patch)
        return patch.error();
    if (!patch->url)
        return Error::validation(u"url"_s, u"is required"_s);
    CreateWebhookRequest request;
    request.url = *patch->url;
    request.secret = patch->secret.value_or(QString());
    request.enabled = patch->enabled.value_or(true);
    if (patch->events)
        request.events = *patch->events;
    request.intervalS = patch->intervalS.value_or(webhook::kDefaultIntervalS);
    return request;
}

QJsonObject UpdateWebhookRequest::toJson() const
{
    QJsonObject obj;
    if (url)
        obj.insert(u"url"_s, *url);
    if (secret)
        obj.insert(u"secret"_s, *secret);
    if (enabled)
        obj.insert(u"enabled"_s, *enabled);
    if (events)
        obj.insert(u"events"_s, QJsonArray::fromStringList(*events));
    if (intervalS)
        obj.insert(u"interval_s"_s, *intervalS);
    if (rotateSecret)
        obj.insert(u"rotate_secret"_s, true);
    return obj;
}

Result<UpdateWebhookRequest> UpdateWebhookRequest::fromJson(const QJsonObject &obj)
{
    UpdateWebhookRequest request;
    auto url = json::optionalString(obj, u"url"_s);
    if (!url)
        return url.error();
    if (*url) {
        auto checked = checkedUrl(**url);
        if (!checked)
            return checked.error();
        request.url = *checked;
    }
    auto secret = json::optionalString(obj, u"secret"_s);
    if (!secret)
        return secret.error();
    if (*secret) {
        if (auto s = checkedSecret(**secret); !s)
            return s.error();
        request.secret = **secret;
    }
    auto enabled = json::optionalBool(obj, u"enabled"_s);
    if (!enabled)
        return enabled.error();
    request.enabled = *enabled;
    auto events = json::optionalArray(obj, u"events"_s);
    if (!events)
        return events.error();
    if (*events) {
        auto checked = checkedEvents(**events);
        if (!checked)
            return checked.error();
        request.events = *checked;
    }
    auto interval = json::optionalInt(obj, u"interval_s"_s, 0, webhook::kMaxIntervalS);
    if (!interval)
        return interval.error();
    if (*interval)
        request.intervalS = int(**interval);
    auto rotate = json::optionalBool(obj, u"rotate_secret"_s);
    if (!rotate)
        return rotate.error();
    request.rotateSecret = rotate->value_or(false);
    if (request.rotateSecret && request.secret)
        return Error::validation(u"rotate_secret"_s, u"cannot be combined with secret"_s);
    return request;
}

} // namespace parley
