#include "storage/sql/SqlStores.h"

#include "protocol/Time.h"

#include <QUuid>

namespace parley::storage::sql {
namespace {

const QString kColumns = QStringLiteral("id, username, display_name, role, password_hash, blocked, "
                                        "created_at, last_seen_at FROM users");

UserRecord readUser(const SqlRows &rows)
{
    UserRecord record;
    record.user.id = rows.text(0);
    record.user.username = rows.text(1);
    record.user.displayName = rows.text(2);
    record.user.role = roleFromName(rows.text(3)).value_or(Role::Customer);
    record.passwordHash = rows.text(4).toUtf8();
    record.blocked = rows.integer(5) != 0;
    record.createdAtMs = rows.integer(6);
    record.lastSeenMs = rows.isNull(7) ? 0 : rows.integer(7);
    return record;
}

} // namespace

Result<qint64> scalar(SqlDatabase &db, const QString &sql, std::initializer_list<QVariant> binds)
{
    auto rows = db.run(sql, binds);
    if (!rows)
        return rows.error();
    return rows->next() ? rows->integer(0) : 0;
}

Result<UserRecord> SqlUserStore::create(const NewUser &user)
{
    UserRecord record;
    record.user.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    record.user.username = user.username;
    record.user.displayName = user.displayName;
    record.user.role = user.role;
    record.passwordHash = user.passwordHash;
    record.createdAtMs = nowMs();
    auto inserted = m_db.exec(
        QStringLiteral("INSERT INTO users (id, username, display_name, role, password_hash, "
                       "blocked, created_at) VALUES (?, ?, ?, ?, ?, 0, ?)"),
        {record.user.id, user.username, user.displayName, roleName(user.role),
         QString::fromUtf8(user.passwordHash), record.createdAtMs});
    if (!inserted) {
        if (inserted.error().code == ErrorCode::Conflict)
            return Error{ErrorCode::Conflict, QStringLiteral("Username is taken"),
                         QStringLiteral("username")};
        return inserted.error();
    }
    return record;
}

Result<UserRecord> SqlUserStore::one(const QString &column, const QString &value)
{
    auto rows = m_db.run(QStringLiteral("SELECT %1 WHERE %2 = ?").arg(kColumns, column), {value});
    if (!rows)
        return rows.error();
    if (!rows->next())
        return Error::notFound(QStringLiteral("No such user"));
    return readUser(*rows);
}

Result<UserRecord> SqlUserStore::byId(const QString &id)
{
    return one(QStringLiteral("id"), id);
}

Result<UserRecord> SqlUserStore::byUsername(const QString &username)
{
    return one(QStringLiteral("username"), username);
}

Result<QList<UserRecord>> SqlUserStore::list(const QString &query, const QString &after, int limit)
{
    QString pattern = query.toLower();
    pattern.replace(u'\\', QStringLiteral("\\\\"))
        .replace(u'%', QStringLiteral("\\%"))
        .replace(u'_', QStringLiteral("\\_"));
    pattern = u'%' + pattern + u'%';
    auto rows = m_db.run(
        QStringLiteral("SELECT %1 WHERE (lower(username) LIKE ? ESCAPE '\\' OR lower(display_name) "
                       "LIKE ? ESCAPE '\\') AND username > ? ORDER BY username LIMIT ?")
            .arg(kColumns),
        {pattern, pattern, text(after), limit});
    if (!rows)
        return rows.error();
    QList<UserRecord> users;
    while (rows->next())
        users.append(readUser(*rows));
    return users;
}

Result<UserRecord> SqlUserStore::update(const QString &id, const UserPatch &patch)
{
    if (patch.role) {
        if (auto r = m_db.exec(QStringLiteral("UPDATE users SET role = ? WHERE id = ?"),
                               {roleName(*patch.role), id});
            !r)
            return r.error();
    }
    if (patch.blocked) {
        if (auto r = m_db.exec(QStringLiteral("UPDATE users SET blocked = ? WHERE id = ?"),
                               {*patch.blocked ? 1 : 0, id});
            !r)
            return r.error();
    }
    if (patch.displayName) {
        if (auto r = m_db.exec(QStringLiteral("UPDATE users SET display_name = ? WHERE id = ?"),
                               {*patch.displayName, id});
            !r)
            return r.error();
    }
    return byId(id);
}

Result<qint64> SqlUserStore::count()
{
    return scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM users"));
}

} // namespace parley::storage::sql

namespace parley::storage::sql {

Status SqlUserStore::touchLastSeen(const QString &id, qint64 nowMs)
{
    return m_db.execute(QStringLiteral("UPDATE users SET last_seen_at = ? WHERE id = ?"),
                        {nowMs, id});
}

} // namespace parley::storage::sql
