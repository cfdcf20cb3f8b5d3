#include "storage/sql/SqlStores.h"

#include "protocol/Time.h"

namespace parley::storage::sql {
namespace {

const QString kKeyColumns = QStringLiteral(
    "SELECT id, name, scopes, created_by, created_at, last_used_at, revoked_at FROM api_keys ");

ApiKey keyFrom(const SqlRows &rows)
{
    ApiKey key;
    key.id = rows.text(0);
    key.name = rows.text(1);
    key.scopes = rows.text(2).split(u' ', Qt::SkipEmptyParts);
    key.createdBy = rows.text(3);
    key.createdAt = fromEpochMs(rows.integer(4));
    if (!rows.isNull(5))
        key.lastUsedAt = fromEpochMs(rows.integer(5));
    if (!rows.isNull(6))
        key.revokedAt = fromEpochMs(rows.integer(6));
    return key;
}

} // namespace

Status SqlIntegrationStore::createKey(const ApiKey &key, const QByteArray &digest)
{
    return m_db.execute(
        QStringLiteral("INSERT INTO api_keys (id, name, scopes, digest, created_by, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?)"),
        {key.id, text(key.name), key.scopes.join(u' '), QString::fromLatin1(digest), key.createdBy,
         key.createdAt.toMSecsSinceEpoch()});
}

Result<QList<ApiKey>> SqlIntegrationStore::listKeys()
{
    auto rows = m_db.run(kKeyColumns + QStringLiteral("ORDER BY created_at DESC, id DESC"));
    if (!rows)
        return rows.error();
    QList<ApiKey> keys;
    while (rows->next())
        keys.append(keyFrom(*rows));
    return keys;
}

Result<ApiKey> SqlIntegrationStore::keyWhere(const QString &condition, const QVariant &bind)
{
    auto rows = m_db.run(kKeyColumns + condition, {bind});
    if (!rows)
        return rows.error();
    if (!rows->next())
        return Error::notFound(QStringLiteral("No such API key"));
    return keyFrom(*rows);
}

Result<ApiKey> SqlIntegrationStore::keyByDigest(const QByteArray &digest)
{
    return keyWhere(QStringLiteral("WHERE digest = ?"), QString::fromLatin1(digest));
}

Result<ApiKey> SqlIntegrationStore::revokeKey(const QString &id, qint64 nowMs)
{
    if (auto s = m_db.execute(QStringLiteral("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND "
                                             "revoked_at IS NULL"),
                              {nowMs, id});
        !s) {
        return s.error();
    }
    return keyWhere(QStringLiteral("WHERE id = ?"), id);
}

Status SqlIntegrationStore::touchKey(const QString &id, qint64 nowMs)
{
    return m_db.execute(QStringLiteral("UPDATE api_keys SET last_used_at = ? WHERE id = ?"),
                        {nowMs, id});
}

Result<std::optional<QString>> SqlIntegrationStore::eventMessage(const QString &orderRef,
                                                                 const QString &eventId)
{
    auto rows = m_db.run(QStringLiteral("SELECT message_id FROM order_events WHERE order_ref = ? "
                                        "AND event_id = ?"),
                         {text(orderRef), text(eventId)});
    if (!rows)
        return rows.error();
    if (!rows->next())
        return std::optional<QString>();
    return std::optional<QString>(rows->text(0));
}

Status SqlIntegrationStore::recordEvent(const QString &orderRef, const QString &eventId,
                                        const QString &messageId, const QString &keyId,
                                        qint64 nowMs)
{
    return m_db.execute(QStringLiteral("INSERT INTO order_events (order_ref, event_id, message_id, "
                                       "key_id, created_at) VALUES (?, ?, ?, ?, ?)"),
                        {text(orderRef), text(eventId), messageId, keyId, nowMs});
}

} // namespace parley::storage::sql
