#include "webhooks/WebhookService.h"

#include "logging/Logging.h"
#include "protocol/Time.h"
#include "service/Cursor.h"
#include "webhooks/Payloads.h"

#include <QRandomGenerator>
#include <QUuid>

namespace parley::webhooks {
namespace {

constexpr int kSecretBytes = 24;

QString newSecret()
{
    QByteArray bytes(kSecretBytes, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()),
                                          kSecretBytes / sizeof(quint32));
    return QStringLiteral("whsec_") +
           QString::fromLatin1(
               bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

WebhookService::WebhookService(storage::Storage &storage, IsOnline isOnline, int endpointCacheMs)
    : m_storage(storage)
    , m_isOnline(std::move(isOnline))
    , m_cacheMs(endpointCacheMs)
{}

Status WebhookService::requireAdmin(const User &actor) const
{
    if (actor.role != Role::Admin)
        return Error::forbidden(QStringLiteral("Only admins can manage webhooks"));
    return {};
}

Result<QList<WebhookEndpoint>> WebhookService::endpoints(const User &actor)
{
    if (auto s = requireAdmin(actor); !s)
        return s.error();
    auto records = m_storage.webhooks().endpoints();
    if (!records)
        return records.error();
    QList<WebhookEndpoint> endpoints;
    for (const auto &record : std::as_const(*records))
        endpoints.append(record.endpoint);
    return endpoints;
}

Result<WebhookEndpoint> WebhookService::create(const User &actor,
                                               const CreateWebhookRequest &request)
{
    if (auto s = requireAdmin(actor); !s)
        return s.error();
    storage::WebhookEndpointRecord record;
    WebhookEndpoint &e = record.endpoint;
    e.id = newId();
    e.url = request.url;
    e.enabled = request.enabled;
    e.events = request.events;
    e.intervalS = request.intervalS;
    e.createdAt = e.updatedAt = fromEpochMs(nowMs());
    record.secret = request.secret.isEmpty() ? newSecret() : request.secret;
    if (auto s = m_storage.webhooks().createEndpoint(record); !s)
        return s.error();
    m_activeUntilMs = 0;
    qCInfo(lcWebhooks) << "Webhook" << e.id << "created by" << actor.username << "for" << e.url;
    WebhookEndpoint answer = e;
    answer.secret = record.secret; // shown once
    return answer;
}

Result<WebhookEndpoint> WebhookService::update(const User &actor, const QString &id,
                                               const UpdateWebhookRequest &request)
{
    if (auto s = requireAdmin(actor); !s)
        return s.error();
    auto record = m_storage.webhooks().endpoint(id);
    if (!record)
        return record.error();
    WebhookEndpoint &e = record->endpoint;
    e.url = request.url.value_or(e.url);
    e.enabled = request.enabled.value_or(e.enabled);
    e.events = request.events.value_or(e.events);
    e.intervalS = request.intervalS.value_or(e.intervalS);
    e.updatedAt = fromEpochMs(nowMs());
    const bool newSecretSet = request.secret || request.rotateSecret;
    if (request.secret)
        record->secret = *request.secret;
    else if (request.rotateSecret)
        record->secret = newSecret();
    if (auto s = m_storage.webhooks().updateEndpoint(*record); !s)
        return s.error();
    m_activeUntilMs = 0;
    qCInfo(lcWebhooks) << "Webhook" << e.id << "updated by" << actor.username
                       << (newSecretSet ? "(new secret)" : "");
    WebhookEndpoint answer = e;
    if (newSecretSet)
        answer.secret = record->secret;
    return answer;
}

Result<DeliveryPage> WebhookService::deliveries(const User &actor, const QString &endpointId,
                                                const QString &cursor, int limit)
{
    if (auto s = requireAdmin(actor); !s)
        return s.error();
    std::optional<storage::RoomCursor> before;
    if (!cursor.isEmpty()) {
        before = service::decodeCursor(cursor);
        if (!before)
            return Error::validation(QStringLiteral("cursor"), QStringLiteral("is not a cursor"));
    }
    auto rows = m_storage.webhooks().deliveries(endpointId, before, limit + 1);
    if (!rows)
        return rows.error();
    DeliveryPage page;
    page.deliveries = *rows;
    if (page.deliveries.size() > limit) {
        page.deliveries.resize(limit);
        const WebhookDelivery &last = page.deliveries.constLast();
        page.nextCursor = service::encodeCursor({last.createdAt.toMSecsSinceEpoch(), last.id});
    }
    return page;
}

Result<WebhookDelivery> WebhookService::redeliver(const User &actor, const QString &deliveryId)
{
    if (auto s = requireAdmin(actor); !s)
        return s.error();
    auto original = m_storage.webhooks().delivery(deliveryId);
    if (!original)
        return original.error();
    const WebhookDelivery &d = original->delivery;
    return enqueueNow(d.endpointId, d.event, d.roomId, d.recipientId, original->body);
}

Result<WebhookDelivery> WebhookService::sendTest(const User &actor, const QString &endpointId)
{
    if (auto s = requireAdmin(actor); !s)
        return s.error();
    auto endpoint = m_storage.webhooks().endpoint(endpointId);
    if (!endpoint)
        return endpoint.error();
    return enqueueNow(endpointId, QString::fromUtf16(webhook::kPingEvent), {}, {},
                      pingBody(endpointId, nowMs()));
}

storage::WebhookDeliveryRecord
WebhookService::newDelivery(const QString &endpointId, const QString &event, const QString &roomId,
                            const QString &recipientId, const QByteArray &body, qint64 nowMs)
{
    storage::WebhookDeliveryRecord record;
    WebhookDelivery &d = record.delivery;
    d.id = newId();
    d.endpointId = endpointId;
    d.event = event;
    d.roomId = roomId;
    d.recipientId = recipientId;
    d.createdAt = d.nextAttemptAt = fromEpochMs(nowMs);
    record.body = body;
    return record;
}

Result<WebhookDelivery> WebhookService::enqueueNow(const QString &endpointId, const QString &event,
                                                   const QString &roomId,
                                                   const QString &recipientId,
                                                   const QByteArray &body)
{
    const auto record = newDelivery(endpointId, event, roomId, recipientId, body, nowMs());
    if (auto s = m_storage.webhooks().enqueue(record); !s)
        return s.error();
    if (m_queued)
        m_queued();
    return record.delivery;
}

Result<QList<storage::WebhookEndpointRecord>> WebhookService::activeEndpoints()
{
    const qint64 now = nowMs();
    if (m_activeUntilMs > now)
        return m_active;
    auto all = m_storage.webhooks().endpoints();
    if (!all)
        return all.error();
    m_active.clear();
    for (const auto &record : std::as_const(*all)) {
        if (record.endpoint.enabled &&
            record.endpoint.events.contains(QString::fromUtf16(webhook::kOfflineMemberEvent)))
            m_active.append(record);
    }
    m_activeUntilMs = now + m_cacheMs;
    return m_active;
}

void WebhookService::onEvent(const events::Event &event)
{
    if (event.kind != events::Event::Kind::MessageCreated || event.remote)
        return;
    offlineMembers(event);
}

void WebhookService::offlineMembers(const events::Event &event)
{
    if (!event.message || !event.message->sender)
        return; // system messages: nobody wrote to the member
    auto endpoints = activeEndpoints();
    if (!endpoints || endpoints->isEmpty())
        return;
    const QString senderId = event.message->sender->id;
    auto memberIds = m_storage.rooms().memberIds(event.roomId);
    if (!memberIds)
        return;
    QStringList offline;
    for (const QString &id : std::as_const(*memberIds)) {
        if (id != senderId && !m_isOnline(id))
            offline.append(id);
    }
    if (offline.isEmpty())
        return;
    auto room = m_storage.rooms().byId(event.roomId);
    if (!room)
        return;
    const qint64 now = nowMs();
    const QJsonObject message = event.message->toJson();
    bool queued = false;
    for (const QString &recipientId : std::as_const(offline)) {
        auto recipient = m_storage.users().byId(recipientId);
        if (!recipient)
            continue;
        const QByteArray body = offlineMemberBody(*room, message, recipient->user, now);
        for (const auto &endpoint : std::as_const(*endpoints)) {
            const WebhookEndpoint &e = endpoint.endpoint;
            const auto record = newDelivery(e.id, QString::fromUtf16(webhook::kOfflineMemberEvent),
                                            event.roomId, recipientId, body, now);
            const Status stored = m_storage.transaction([&]() -> Status {
                if (e.intervalS > 0) {
                    auto opened = m_storage.webhooks().openWindow(
                        e.id, event.roomId, recipientId, now, now + qint64(e.intervalS) * 1000);
                    if (!opened)
                        return opened.error();
                    if (!*opened)
                        return {}; // coalesced into the delivery that opened the window
                }
                queued = true;
                return m_storage.webhooks().enqueue(record);
            });
            if (!stored)
                qCWarning(lcWebhooks)
                    << "Webhook" << e.id << "delivery not queued:" << stored.error().message;
        }
    }
    if (queued && m_queued)
        m_queued();
}

} // namespace parley::webhooks
