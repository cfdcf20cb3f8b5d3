#include "storage/sql/SqlStores.h"

#include "protocol/Time.h"
#include "storage/sql/SearchSql.h"

#include <QUuid>

namespace parley::storage::sql {
namespace {

const QString kColumns = QStringLiteral(
    "SELECT id, title, shortcut, body, created_at, updated_at FROM canned_responses");

CannedResponse readCanned(const SqlRows &rows)
{
    return {rows.text(0),
            rows.text(1),
            rows.text(2),
            rows.text(3),
            fromEpochMs(rows.integer(4)),
            fromEpochMs(rows.integer(5))};
}

} // namespace

Result<CannedResponse> SqlCannedStore::create(const QString &title, const QString &shortcut,
                                              const QString &body, const QString &createdBy,
                                              qint64 nowMs)
{
    const CannedResponse canned{QUuid::createUuid().toString(QUuid::WithoutBraces),
                                title,
                                shortcut,
                                body,
                                fromEpochMs(nowMs),
                                fromEpochMs(nowMs)};
    if (auto s = m_db.execute(
            QStringLiteral("INSERT INTO canned_responses (id, title, shortcut, body, created_by, "
                           "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
            {canned.id, text(title), text(shortcut), text(body), createdBy, nowMs, nowMs});
        !s) {
        return s.error();
    }
    return canned;
}

Result<CannedResponse> SqlCannedStore::byId(const QString &id)
{
    auto rows = m_db.run(kColumns + QStringLiteral(" WHERE id = ?"), {id});
    if (!rows)
        return rows.error();
    if (!rows->next())
        return Error::notFound(QStringLiteral("No such canned response"));
    return readCanned(*rows);
}

Result<CannedResponse> SqlCannedStore::update(const QString &id, const CannedRequest &patch,
                                              qint64 nowMs)
{
    QStringList sets{QStringLiteral("updated_at = ?")};
    QVariantList binds{nowMs};
    for (const auto &[column, value] : {std::pair{QStringLiteral("title"), patch.title},
                                        std::pair{QStringLiteral("shortcut"), patch.shortcut},
                                        std::pair{QStringLiteral("body"), patch.body}}) {
        if (value) {
            sets << column + QStringLiteral(" = ?");
            binds << text(*value);
        }
    }
    binds << id;
    auto changed = m_db.run(QStringLiteral("UPDATE canned_responses SET %1 WHERE id = ?")
                                .arg(sets.join(QStringLiteral(", "))),
                            binds);
    if (!changed)
        return changed.error();
    if (changed->rowsAffected() == 0)
        return Error::notFound(QStringLiteral("No such canned response"));
    return byId(id);
}

Result<CannedResponse> SqlCannedStore::remove(const QString &id)
{
    std::optional<CannedResponse> removed;
    Status status = m_db.atomic([&]() -> Status {
        auto found = byId(id);
        if (!found)
            return found.error();
        removed = *found;
        return m_db.execute(QStringLiteral("DELETE FROM canned_responses WHERE id = ?"), {id});
    });
    if (!status)
        return status.error();
    return *removed;
}

Result<QList<CannedResponse>> SqlCannedStore::list(const QString &prefix, int limit)
{
    QString sql = kColumns;
    QVariantList binds;
    const QString term = prefix.trimmed().toLower();
    if (!term.isEmpty()) {
        // likePattern matches anywhere ("%term%"): without its leading % it is a prefix.
        const QString bare = likePattern(term.startsWith(u'/') ? term.mid(1) : term).mid(1);
        sql += QStringLiteral(" WHERE shortcut LIKE ? ESCAPE '\\' OR lower(title) LIKE ? ESCAPE "
                              "'\\'");
        binds << QStringLiteral("/") + bare << bare;
    }
    sql += QStringLiteral(" ORDER BY shortcut LIMIT ?");
    binds << limit;
    auto rows = m_db.run(sql, binds);
    if (!rows)
        return rows.error();
    QList<CannedResponse> results;
    while (rows->next())
        results.append(readCanned(*rows));
    return results;
}

} // namespace parley::storage::sql
