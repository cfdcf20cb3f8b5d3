// Webhook endpoints, coalescing windows and the delivery queue (migration 8). Portable SQL: the
// upsert of openWindow and the conditional UPDATE of claim read the same in SQLite and PostgreSQL.
#include "storage/sql/SqlStores.h"

#include "protocol/Time.h"

namespace parley::storage::sql {
namespace {

const QString kEndpointColumns = QStringLiteral(
    "id, url, secret, enabled, events, interval_s, created_at, updated_at");
const QString kDeliveryColumns = QStringLiteral(
    "id, endpoint_id, event, room_id, recipient_id, status, attempts, last_status_code, "
    "last_error, next_attempt_at, created_at, delivered_at, body");

QDateTime timeOrInvalid(const SqlRows &rows, int column)
{
    return rows.isNull(column) ? QDateTime() : fromEpochMs(rows.integer(column));
}

WebhookDeliveryRecord deliveryRow(const SqlRows &rows)
{
    WebhookDeliveryRecord record;
    WebhookDelivery &d = record.delivery;
    d.id = rows.text(0);
    d.endpointId = rows.text(1);
    d.event = rows.text(2);
    d.roomId = rows.text(3);
    d.recipientId = rows.text(4);
    d.status = deliveryStatusFromName(rows.text(5)).value_or(DeliveryStatus::Failed);
    d.attempts = int(rows.integer(6));
    d.lastStatusCode = rows.isNull(7) ? 0 : int(rows.integer(7));
    d.lastError = rows.text(8);
    d.nextAttemptAt = timeOrInvalid(rows, 9);
    d.createdAt = fromEpochMs(rows.integer(10));
    d.deliveredAt = timeOrInvalid(rows, 11);
    record.body = rows.text(12).toUtf8();
    return record;
}

} // namespace

Status SqlWebhookStore::createEndpoint(const WebhookEndpointRecord &record)
{
    const WebhookEndpoint &e = record.endpoint;
    return m_db.execute(
        QStringLiteral("INSERT INTO webhook_endpoints (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            .arg(kEndpointColumns),
        {e.id, e.url, record.secret, e.enabled ? 1 : 0, e.events.join(u','), e.intervalS,
         e.createdAt.toMSecsSinceEpoch(), e.updatedAt.toMSecsSinceEpoch()});
}

Status SqlWebhookStore::updateEndpoint(const WebhookEndpointRecord &record)
{
    const WebhookEndpoint &e = record.endpoint;
    auto changed = m_db.exec(
        QStringLiteral("UPDATE webhook_endpoints SET url = ?, secret = ?, enabled = ?, events = ?, "
                       "interval_s = ?, updated_at = ? WHERE id = ?"),
        {e.url, record.secret, e.enabled ? 1 : 0, e.events.join(u','), e.intervalS,
         e.updatedAt.toMSecsSinceEpoch(), e.id});
    if (!changed)
        return changed.error();
    if (*changed == 0)
        return Error::notFound(QStringLiteral("No such webhook"));
    return {};
}

Result<QList<WebhookEndpointRecord>>
SqlWebhookStore::endpointRows(const QString &where, std::initializer_list<QVariant> binds)
{
    auto rows = m_db.run(QStringLiteral("SELECT %1 FROM webhook_endpoints %2 ORDER BY created_at, id")
                             .arg(kEndpointColumns, where),
                         binds);
    if (!rows)
        return rows.error();
    QList<WebhookEndpointRecord> records;
    while (rows->next()) {
        WebhookEndpointRecord record;
        WebhookEndpoint &e = record.endpoint;
        e.id = rows->text(0);
        e.url = rows->text(1);
        record.secret = rows->text(2);
        e.enabled = rows->integer(3) != 0;
        e.events = rows->text(4).split(u',', Qt::SkipEmptyParts);
        e.intervalS = int(rows->integer(5));
        e.createdAt = fromEpochMs(rows->integer(6));
        e.updatedAt = fromEpochMs(rows->integer(7));
        records.append(record);
    }
    return records;
}

Result<WebhookEndpointRecord> SqlWebhookStore::endpoint(const QString &id)
{
    auto records = endpointRows(QStringLiteral("WHERE id = ?"), {id});
    if (!records)
        return records.error();
    if (records->isEmpty())
        return Error::notFound(QStringLiteral("No such webhook"));
    return records->constFirst();
}

Result<QList<WebhookEndpointRecord>> SqlWebhookStore::endpoints()
{
    return endpointRows(QString(), {});
}

Result<bool> SqlWebhookStore::openWindow(const QString &endpointId, const QString &roomId,
                                         const QString &recipientId, qint64 nowMs, qint64 untilMs)
{
    // Inserted, or an expired window moved forward: one row changed. An open window: none.
    auto changed = m_db.exec(
        QStringLiteral("INSERT INTO webhook_windows (endpoint_id, room_id, recipient_id, until_ms) "
                       "VALUES (?, ?, ?, ?) ON CONFLICT (endpoint_id, room_id, recipient_id) "
                       "DO UPDATE SET until_ms = excluded.until_ms "
                       "WHERE webhook_windows.until_ms <= ?"),
        {endpointId, roomId, recipientId, untilMs, nowMs});
    if (!changed)
        return changed.error();
    return *changed > 0;
}

Status SqlWebhookStore::enqueue(const WebhookDeliveryRecord &record)
{
    const WebhookDelivery &d = record.delivery;
    return m_db.execute(
        QStringLiteral("INSERT INTO webhook_deliveries (id, endpoint_id, event, room_id, "
                       "recipient_id, body, status, attempts, next_attempt_at, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)"),
        {d.id, d.endpointId, d.event, nullIfEmpty(d.roomId), nullIfEmpty(d.recipientId),
         QString::fromUtf8(record.body), deliveryStatusName(DeliveryStatus::Pending),
         d.nextAttemptAt.toMSecsSinceEpoch(), d.createdAt.toMSecsSinceEpoch()});
}

Result<QList<WebhookDeliveryRecord>> SqlWebhookStore::claim(const QString &owner, qint64 nowMs,
                                                            qint64 leaseUntilMs, int limit)
{
    QStringList due;
    {
        auto rows = m_db.run(
            QStringLiteral("SELECT id FROM webhook_deliveries WHERE status = 'pending' AND "
                           "next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?) "
                           "ORDER BY next_attempt_at, id LIMIT ?"),
            {nowMs, nowMs, limit});
        if (!rows)
            return rows.error();
        while (rows->next())
            due.append(rows->text(0));
    }
    QList<WebhookDeliveryRecord> claimed;
    for (const QString &id : std::as_const(due)) {
        // Another node may have leased it since the SELECT: only one UPDATE matches.
        auto changed = m_db.exec(
            QStringLiteral("UPDATE webhook_deliveries SET lease_owner = ?, lease_until = ? "
                           "WHERE id = ? AND status = 'pending' AND "
                           "(lease_until IS NULL OR lease_until <= ?)"),
            {owner, leaseUntilMs, id, nowMs});
        if (!changed)
            return changed.error();
        if (*changed == 0)
            continue;
        auto record = delivery(id);
        if (!record)
            return record.error();
        claimed.append(*record);
    }
    return claimed;
}

Result<bool> SqlWebhookStore::finish(const QString &id, const QString &owner,
                                     const DeliveryOutcome &outcome)
{
    const bool delivered = outcome.status == DeliveryStatus::Delivered;
    auto changed = m_db.exec(
        QStringLiteral("UPDATE webhook_deliveries SET status = ?, attempts = ?, "
                       "last_status_code = ?, last_error = ?, next_attempt_at = ?, "
                       "delivered_at = ?, lease_owner = NULL, lease_until = NULL "
                       "WHERE id = ? AND lease_owner = ?"),
        {deliveryStatusName(outcome.status), outcome.attempts, nullIfZero(outcome.statusCode),
         nullIfEmpty(outcome.error),
         outcome.status == DeliveryStatus::Pending ? QVariant(outcome.nextAttemptMs) : QVariant(),
         delivered ? QVariant(outcome.nowMs) : QVariant(), id, owner});
    if (!changed)
        return changed.error();
    return *changed > 0;
}

Result<WebhookDeliveryRecord> SqlWebhookStore::delivery(const QString &id)
{
    auto rows = m_db.run(
        QStringLiteral("SELECT %1 FROM webhook_deliveries WHERE id = ?").arg(kDeliveryColumns),
        {id});
    if (!rows)
        return rows.error();
    if (!rows->next())
        return Error::notFound(QStringLiteral("No such delivery"));
    return deliveryRow(*rows);
}

Result<QList<WebhookDelivery>>
SqlWebhookStore::deliveries(const QString &endpointId, const std::optional<RoomCursor> &before,
                            int limit)
{
    QStringList where;
    QVariantList binds;
    if (!endpointId.isEmpty()) {
        where.append(QStringLiteral("endpoint_id = ?"));
        binds.append(endpointId);
    }
    if (before) {
        where.append(QStringLiteral("(created_at < ? OR (created_at = ? AND id < ?))"));
        binds += QVariantList{before->activityMs, before->activityMs, before->id};
    }
    binds.append(limit);
    auto rows = m_db.run(
        QStringLiteral("SELECT %1 FROM webhook_deliveries %2 ORDER BY created_at DESC, id DESC "
                       "LIMIT ?")
            .arg(kDeliveryColumns,
                 where.isEmpty() ? QString() : QStringLiteral("WHERE ") + where.join(u" AND ")),
        binds);
    if (!rows)
        return rows.error();
    QList<WebhookDelivery> deliveries;
    while (rows->next())
        deliveries.append(deliveryRow(*rows).delivery);
    return deliveries;
}

} // namespace parley::storage::sql
