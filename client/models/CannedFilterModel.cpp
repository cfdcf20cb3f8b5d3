#include "models/CannedFilterModel.h"

#include "models/Presentation.h"

using namespace Qt::StringLiterals;

namespace parley::client {

CannedFilterModel::CannedFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(this, signal, this, &CannedFilterModel::countChanged);
    connect(this, &QAbstractItemModel::modelReset, this, &CannedFilterModel::countChanged);
    connect(this, &QAbstractItemModel::layoutChanged, this, &CannedFilterModel::countChanged);
}

void CannedFilterModel::setSource(QAbstractItemModel *source)
{
    if (source == sourceModel())
        return;
    disconnect(m_rolesWatch);
    // The roles first: setting the source resets, and the reset filters with them.
    findRoles(source);
    setSourceModel(source);
    if (source) {
        // A ListModel learns its roles from its first element.
        m_rolesWatch = connect(source, &QAbstractItemModel::rowsInserted, this, [this] {
            if (m_shortcutRole < 0) {
                findRoles(sourceModel());
                invalidateFilter();
            }
        });
    }
    invalidateFilter();
    Q_EMIT sourceChanged();
}

void CannedFilterModel::findRoles(const QAbstractItemModel *source)
{
    m_shortcutRole = m_titleRole = m_idRole = -1;
    if (!source)
        return;
    const auto names = source->roleNames();
    for (auto it = names.begin(); it != names.end(); ++it) {
        if (it.value() == "shortcut")
            m_shortcutRole = it.key();
        else if (it.value() == "title")
            m_titleRole = it.key();
        else if (it.value() == "cannedId")
            m_idRole = it.key();
    }
}

void CannedFilterModel::setQuery(const QString &query)
{
    if (query == m_query)
        return;
    m_query = query;
    invalidateFilter();
    Q_EMIT queryChanged();
}

QVariantMap CannedFilterModel::get(int row) const
{
    return present::rowMap(this, row);
}

QString CannedFilterModel::cannedIdAt(int row) const
{
    if (row < 0 || row >= rowCount() || m_idRole < 0)
        return {};
    return index(row, 0).data(m_idRole).toString();
}

bool CannedFilterModel::matches(const QString &query, const QString &shortcut, const QString &title)
{
    QString term = query.trimmed();
    if (term.startsWith(u'/'))
        term.remove(0, 1);
    if (term.isEmpty())
        return true;
    const QString bare = shortcut.startsWith(u'/') ? shortcut.mid(1) : shortcut;
    return bare.startsWith(term, Qt::CaseInsensitive) ||
           title.startsWith(term, Qt::CaseInsensitive);
}

bool CannedFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_query.trimmed().isEmpty())
        return true;
    if (m_shortcutRole < 0 || m_titleRole < 0)
        return false;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    return matches(m_query, index.data(m_shortcutRole).toString(),
                   index.data(m_titleRole).toString());
}

} // namespace parley::client
