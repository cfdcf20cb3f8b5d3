#include "storage/sql/SqlStores.h"

#include "protocol/Time.h"
#include "storage/sql/UserColumns.h"

namespace parley::storage::sql {
namespace {

double averageOf(qint64 sum, qint64 count)
{
    return count > 0 ? double(sum) / double(count) : 0.0;
}

} // namespace

Result<std::optional<qint64>> SqlRatingStore::closingSeq(const QString &roomId)
{
    // System messages carry {"event": ...} as compact JSON (ChatService::systemMessage).
    auto rows = m_db.run(QStringLiteral("SELECT MAX(seq) FROM messages WHERE room_id = ? AND "
                                        "type = 'system' AND metadata LIKE ?"),
                         {roomId, QStringLiteral("%\"event\":\"closed\"%")});
    if (!rows)
        return rows.error();
    if (!rows->next() || rows->isNull(0))
        return std::optional<qint64>();
    return std::optional<qint64>(rows->integer(0));
}

Result<Rating> SqlRatingStore::upsert(const QString &roomId, const QString &customerId,
                                      qint64 closedSeq, int score, const QString &comment,
                                      qint64 nowMs)
{
    if (auto s = m_db.execute(
            QStringLiteral("INSERT INTO ratings (room_id, customer_id, closed_seq, score, comment, "
                           "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                           "ON CONFLICT (room_id, customer_id, closed_seq) DO UPDATE SET "
                           "score = excluded.score, comment = excluded.comment, "
                           "updated_at = excluded.updated_at"),
            {roomId, customerId, closedSeq, score, text(comment), nowMs, nowMs});
        !s) {
        return s.error();
    }
    auto stored = many(QStringLiteral("r.room_id = ? AND r.customer_id = ? AND r.closed_seq = ?"),
                       QString(), {roomId, customerId, closedSeq});
    if (!stored)
        return stored.error();
    if (stored->isEmpty())
        return Error::internal(QStringLiteral("The rating was not stored"));
    return stored->first();
}

Result<QList<Rating>> SqlRatingStore::forRoom(const QString &roomId)
{
    return many(QStringLiteral("r.room_id = ?"),
                QStringLiteral(" ORDER BY r.closed_seq DESC, r.updated_at DESC"), {roomId});
}

Result<QList<Rating>> SqlRatingStore::many(const QString &where, const QString &tail,
                                           const QVariantList &binds)
{
    auto rows = m_db.run(
        QStringLiteral("SELECT r.room_id, u.id, u.username, u.display_name, u.role, r.score, "
                       "r.comment, r.closed_seq, r.created_at, r.updated_at FROM ratings r "
                       "JOIN users u ON u.id = r.customer_id WHERE ") +
            where + tail,
        binds);
    if (!rows)
        return rows.error();
    QList<Rating> ratings;
    while (rows->next()) {
        ratings.append({rows->text(0), readUserColumns(*rows, 1), int(rows->integer(5)),
                        rows->text(6), rows->integer(7), fromEpochMs(rows->integer(8)),
                        fromEpochMs(rows->integer(9))});
    }
    return ratings;
}

Result<RatingReport> SqlRatingStore::report(int latest)
{
    RatingReport report;
    auto agents = m_db.run(QStringLiteral(
        "SELECT u.id, u.username, u.display_name, u.role, COUNT(*), SUM(r.score) FROM ratings r "
        "JOIN room_members rm ON rm.room_id = r.room_id JOIN users u ON u.id = rm.user_id "
        "WHERE u.role <> 'customer' GROUP BY u.id, u.username, u.display_name, u.role "
        "ORDER BY u.username"));
    if (!agents)
        return agents.error();
    while (agents->next()) {
        const qint64 count = agents->integer(4);
        report.agents.append(
            {readUserColumns(*agents, 0), count, averageOf(agents->integer(5), count)});
    }
    auto overall =
        m_db.run(QStringLiteral("SELECT COUNT(*), COALESCE(SUM(score), 0) FROM ratings"));
    if (!overall)
        return overall.error();
    if (overall->next()) {
        report.count = overall->integer(0);
        report.average = averageOf(overall->integer(1), report.count);
    }
    auto newest = many(QStringLiteral("1 = 1"),
                       QStringLiteral(" ORDER BY r.updated_at DESC LIMIT ?"), {latest});
    if (!newest)
        return newest.error();
    report.latest = *newest;
    return report;
}

} // namespace parley::storage::sql
