#include "storage/sql/SearchSql.h"

#include "storage/sql/MessageRows.h"

namespace parley::storage::sql {

QString likePattern(QString term)
{
    term.replace(u'\\', QStringLiteral("\\\\"));
    term.replace(u'%', QStringLiteral("\\%"));
    term.replace(u'_', QStringLiteral("\\_"));
    return u'%' + term + u'%';
}

void addScopeFilters(QStringList &where, QVariantList &binds, const SearchQuery &query)
{
    if (!query.allRooms) {
        where << QStringLiteral(
            "m.room_id IN (SELECT room_id FROM room_members WHERE user_id = ?)");
        binds << query.viewerId;
    }
    if (!query.roomId.isEmpty()) {
        where << QStringLiteral("m.room_id = ?");
        binds << query.roomId;
    }
}

Result<QList<SearchHit>> runSearch(SqlDatabase &db, QString select, const QStringList &where,
                                   QVariantList binds, const QString &orderBy,
                                   const SearchQuery &query)
{
    select += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND ")) +
              QStringLiteral(" ORDER BY ") + orderBy + QStringLiteral(" LIMIT ?");
    binds << query.limit;
    auto rows = db.run(select, binds);
    if (!rows)
        return rows.error();
    QList<SearchHit> hits;
    while (rows->next())
        hits.append({readMessage(*rows), rows->integer(messageColumnCount())});
    return hits;
}

} // namespace parley::storage::sql
