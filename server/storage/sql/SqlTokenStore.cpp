#include "storage/sql/SqlStores.h"

namespace parley::storage::sql {

Status SqlTokenStore::insert(const RefreshTokenRecord &token)
{
    return m_db.execute(
        QStringLiteral("INSERT INTO refresh_tokens (digest, user_id, family, "
                       "expires_at, used_at) VALUES (?, ?, ?, ?, NULL)"),
        {QString::fromLatin1(token.digest), token.userId, token.family, token.expiresAtMs});
}

Result<RefreshTokenRecord> SqlTokenStore::find(const QByteArray &digest)
{
    auto rows = m_db.run(QStringLiteral("SELECT digest, user_id, family, expires_at, used_at FROM "
                                        "refresh_tokens WHERE digest = ?"),
                         {QString::fromLatin1(digest)});
    if (!rows)
        return rows.error();
    if (!rows->next())
        return Error::notFound(QStringLiteral("Unknown refresh token"));
    RefreshTokenRecord token;
    token.digest = rows->text(0).toLatin1();
    token.userId = rows->text(1);
    token.family = rows->text(2);
    token.expiresAtMs = rows->integer(3);
    token.usedAtMs = rows->isNull(4) ? 0 : rows->integer(4);
    return token;
}

Result<bool> SqlTokenStore::markUsed(const QByteArray &digest, qint64 nowMs)
{
    auto changed =
        m_db.exec(QStringLiteral("UPDATE refresh_tokens SET used_at = ? WHERE digest = ? "
                                 "AND used_at IS NULL"),
                  {nowMs, QString::fromLatin1(digest)});
    if (!changed)
        return changed.error();
    return *changed == 1;
}

Status SqlTokenStore::revokeFamily(const QString &family)
{
    return m_db.execute(QStringLiteral("DELETE FROM refresh_tokens WHERE family = ?"), {family});
}

Status SqlTokenStore::revokeUser(const QString &userId)
{
    return m_db.execute(QStringLiteral("DELETE FROM refresh_tokens WHERE user_id = ?"), {userId});
}

Status SqlTokenStore::remove(const QByteArray &digest)
{
    return m_db.execute(QStringLiteral("DELETE FROM refresh_tokens WHERE digest = ?"),
                        {QString::fromLatin1(digest)});
}

} // namespace parley::storage::sql
