#include "models/QueueFilterModel.h"

#include "models/Presentation.h"
#include "models/StaffQueueModel.h"

namespace parley::client {

QueueFilterModel::QueueFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    // Counts follow the source; the proxy's own rows follow its filter.
    connect(this, &QAbstractItemModel::rowsInserted, this, &QueueFilterModel::recount);
    connect(this, &QAbstractItemModel::rowsRemoved, this, &QueueFilterModel::recount);
    connect(this, &QAbstractItemModel::modelReset, this, &QueueFilterModel::recount);
    connect(this, &QAbstractItemModel::layoutChanged, this, &QueueFilterModel::recount);
}

void QueueFilterModel::setSourceModel(QAbstractItemModel *source)
{
    if (QAbstractItemModel *old = sourceModel())
        disconnect(old, nullptr, this, nullptr);
    QSortFilterProxyModel::setSourceModel(source);
    if (source) {
        // A room's assignee changing is a dataChanged in the source that may not add or remove
        // a row here (filter All) but still moves it between the counts.
        connect(source, &QAbstractItemModel::dataChanged, this, &QueueFilterModel::recount);
        connect(source, &QAbstractItemModel::rowsInserted, this, &QueueFilterModel::recount);
        connect(source, &QAbstractItemModel::rowsRemoved, this, &QueueFilterModel::recount);
        connect(source, &QAbstractItemModel::modelReset, this, &QueueFilterModel::recount);
    }
    recount();
}

void QueueFilterModel::setFilter(Filter filter)
{
    if (m_filter == filter)
        return;
    m_filter = filter;
    invalidateRowsFilter();
    Q_EMIT filterChanged();
    recount();
}

bool QueueFilterModel::matches(int sourceRow, Filter filter) const
{
    if (filter == All)
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0);
    if (filter == Mine)
        return index.data(StaffQueueModel::IsAssignedToMeRole).toBool();
    return index.data(StaffQueueModel::AssigneeNameRole).toString().isEmpty();
}

bool QueueFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    return matches(sourceRow, m_filter);
}

void QueueFilterModel::recount()
{
    int all = 0;
    int mine = 0;
    int unassigned = 0;
    if (QAbstractItemModel *source = sourceModel()) {
        all = source->rowCount();
        for (int row = 0; row < all; ++row) {
            mine += matches(row, Mine) ? 1 : 0;
            unassigned += matches(row, Unassigned) ? 1 : 0;
        }
    }
    // Emitted every time: `count` (the proxy's rows) may change while the three stay the same.
    m_all = all;
    m_mine = mine;
    m_unassigned = unassigned;
    Q_EMIT countsChanged();
}

QVariantMap QueueFilterModel::get(int row) const
{
    return present::rowMap(this, row);
}

} // namespace parley::client
