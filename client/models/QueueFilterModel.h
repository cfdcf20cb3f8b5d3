#pragma once

#include <QSortFilterProxyModel>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace parley::client {

// The staff console's queue filters over a StaffQueueModel (support desk, docs/API.md "Assignment
// and availability"): All rows, Mine (assigned to me) or Unassigned (nobody handles them, the
// waiting queue included), with the count of each kept live as the source changes: a room
// assigned, taken, transferred or closed moves between them at once.
//
// QML: QueueFilterModel { sourceModel: Parley.staffQueue; filter: QueueFilterModel.Mine }
class QueueFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(Filter filter READ filter WRITE setFilter NOTIFY filterChanged)
    Q_PROPERTY(int count READ count NOTIFY countsChanged)
    Q_PROPERTY(int allCount READ allCount NOTIFY countsChanged)
    Q_PROPERTY(int mineCount READ mineCount NOTIFY countsChanged)
    Q_PROPERTY(int unassignedCount READ unassignedCount NOTIFY countsChanged)

public:
    enum Filter { All, Mine, Unassigned };
    Q_ENUM(Filter)

    explicit QueueFilterModel(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *source) override;
    Filter filter() const { return m_filter; }
    void setFilter(Filter filter);
    int count() const { return rowCount(); }
    int allCount() const { return m_all; }
    int mineCount() const { return m_mine; }
    int unassignedCount() const { return m_unassigned; }
    // Every role of one (filtered) row, by role name.
    Q_INVOKABLE QVariantMap get(int row) const;

Q_SIGNALS:
    void filterChanged();
    void countsChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    bool matches(int sourceRow, Filter filter) const;
    void recount();

    Filter m_filter = All;
    int m_all = 0;
    int m_mine = 0;
    int m_unassigned = 0;
};

} // namespace parley::client
