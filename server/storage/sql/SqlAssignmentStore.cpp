// Support desk assignment (migration 5). The claims are single conditional UPDATEs: under
// concurrent claims (two nodes, one database) exactly one matches the row, in SQLite (one writer
// at a time) and in PostgreSQL (the second UPDATE waits for the first's row lock, then re-reads
// the row and no longer matches).
#include "storage/sql/SqlStores.h"

namespace parley::storage::sql {

Result<bool> SqlAssignmentStore::setAssignee(const QString &roomId, const QString &assigneeId,
                                             const std::optional<QString> &expectedAssignee)
{
    QString sql = QStringLiteral(
        "UPDATE rooms SET assignee_id = ? WHERE id = ? AND status = 'open' AND kind = 'support'");
    QVariantList binds{nullIfEmpty(assigneeId), roomId};
    if (expectedAssignee) {
        if (expectedAssignee->isEmpty()) {
            sql += QStringLiteral(" AND assignee_id IS NULL");
        } else {
            sql += QStringLiteral(" AND assignee_id = ?");
            binds << *expectedAssignee;
        }
    }
    auto rows = m_db.run(sql, binds);
    if (!rows)
        return rows.error();
    return rows->rowsAffected() == 1;
}

Result<bool> SqlAssignmentStore::claimWaiting(const QString &roomId, const QString &assigneeId)
{
    auto changed = m_db.exec(
        QStringLiteral("UPDATE rooms SET assignee_id = ?, waiting_since = NULL WHERE id = ? AND "
                       "status = 'open' AND kind = 'support' AND assignee_id IS NULL AND "
                       "waiting_since IS NOT NULL"),
        {assigneeId, roomId});
    if (!changed)
        return changed.error();
    return *changed == 1;
}

Status SqlAssignmentStore::recordAssigned(const QString &userId, qint64 nowMs)
{
    return m_db.execute(
        QStringLiteral("INSERT INTO staff_desk (user_id, away, last_assigned_at) VALUES (?, 0, ?) "
                       "ON CONFLICT (user_id) DO UPDATE SET last_assigned_at = "
                       "excluded.last_assigned_at"),
        {userId, nowMs});
}

Status SqlAssignmentStore::setAway(const QString &userId, bool away)
{
    return m_db.execute(QStringLiteral("INSERT INTO staff_desk (user_id, away) VALUES (?, ?) "
                                       "ON CONFLICT (user_id) DO UPDATE SET away = excluded.away"),
                        {userId, away ? 1 : 0});
}

Result<bool> SqlAssignmentStore::isAway(const QString &userId)
{
    auto away = scalar(
        m_db, QStringLiteral("SELECT COALESCE(MAX(away), 0) FROM staff_desk WHERE user_id = ?"),
        {userId});
    if (!away)
        return away.error();
    return *away != 0;
}

Result<QList<StaffDeskState>> SqlAssignmentStore::staff()
{
    auto rows = m_db.run(QStringLiteral(
        "SELECT u.id, u.username, u.display_name, u.role, COALESCE(d.away, 0), "
        "COALESCE(d.last_assigned_at, 0), (SELECT COUNT(*) FROM rooms r WHERE r.assignee_id = "
        "u.id AND r.status = 'open') FROM users u LEFT JOIN staff_desk d ON d.user_id = u.id "
        "WHERE u.role <> 'customer' AND u.blocked = 0 ORDER BY u.username"));
    if (!rows)
        return rows.error();
    QList<StaffDeskState> staff;
    while (rows->next()) {
        StaffDeskState state;
        state.user.id = rows->text(0);
        state.user.username = rows->text(1);
        state.user.displayName = rows->text(2);
        state.user.role = roleFromName(rows->text(3)).value_or(Role::Staff);
        state.away = rows->integer(4) != 0;
        state.lastAssignedMs = rows->integer(5);
        state.openAssigned = int(rows->integer(6));
        staff.append(state);
    }
    return staff;
}

Result<std::optional<QString>> SqlAssignmentStore::setting(const QString &name)
{
    auto rows = m_db.run(QStringLiteral("SELECT value FROM desk_settings WHERE name = ?"), {name});
    if (!rows)
        return rows.error();
    if (!rows->next())
        return std::optional<QString>();
    return std::optional<QString>(rows->text(0));
}

Status SqlAssignmentStore::setSetting(const QString &name, const QString &value)
{
    return m_db.execute(QStringLiteral("INSERT INTO desk_settings (name, value) VALUES (?, ?) "
                                       "ON CONFLICT (name) DO UPDATE SET value = excluded.value"),
                        {name, value});
}

} // namespace parley::storage::sql
