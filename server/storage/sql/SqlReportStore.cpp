#include "storage/sql/SqlStores.h"

#include <QUuid>

namespace parley::storage::sql {

Result<ReportRecord> SqlReportStore::create(const QString &messageId, const QString &reporterId,
                                            const QString &reason, qint64 nowMs)
{
    ReportRecord report{QUuid::createUuid().toString(QUuid::WithoutBraces), messageId, reporterId,
                        reason, nowMs};
    if (auto s = m_db.execute(QStringLiteral("INSERT INTO reports (id, message_id, reporter_id, "
                                             "reason, created_at) VALUES (?, ?, ?, ?, ?)"),
                              {report.id, messageId, reporterId, reason, nowMs});
        !s) {
        return s.error();
    }
    return report;
}

Result<QList<ReportRecord>> SqlReportStore::list(const std::optional<RoomCursor> &before, int limit)
{
    QString sql =
        QStringLiteral("SELECT id, message_id, reporter_id, reason, created_at FROM reports");
    QVariantList binds;
    if (before) {
        sql += QStringLiteral(" WHERE created_at < ? OR (created_at = ? AND id < ?)");
        binds << before->activityMs << before->activityMs << before->id;
    }
    sql += QStringLiteral(" ORDER BY created_at DESC, id DESC LIMIT ?");
    binds << limit;
    auto rows = m_db.run(sql, binds);
    if (!rows)
        return rows.error();
    QList<ReportRecord> reports;
    while (rows->next())
        reports.append(
            {rows->text(0), rows->text(1), rows->text(2), rows->text(3), rows->integer(4)});
    return reports;
}

} // namespace parley::storage::sql
