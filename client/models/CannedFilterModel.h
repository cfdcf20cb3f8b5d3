#pragma once

#include <QSortFilterProxyModel>
#include <QtQml/qqmlregistration.h>

namespace parley::client {

// The canned responses whose shortcut or title starts with `query`, case-insensitive, with or
// without the shortcut's "/" (the server's `?q=` rule, applied locally so the composer's picker
// narrows with every key without a request). An empty query passes everything.
//
// `source` is any list model with "shortcut" and "title" roles: Parley.canned in the app, a
// ListModel in the QML tests.
//
// QML: CannedFilterModel { source: Parley.canned; query: "ref" }
class CannedFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QAbstractItemModel *source READ sourceModel WRITE setSource NOTIFY sourceChanged)
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    explicit CannedFilterModel(QObject *parent = nullptr);

    void setSource(QAbstractItemModel *source);
    QString query() const { return m_query; }
    void setQuery(const QString &query);
    int count() const { return rowCount(); }

    // Every role of one row, by role name.
    Q_INVOKABLE QVariantMap get(int row) const;
    // The "cannedId" of a row ("" when out of range): current even before a view caught up.
    Q_INVOKABLE QString cannedIdAt(int row) const;
    // Whether a response with this shortcut and title matches `query`.
    static bool matches(const QString &query, const QString &shortcut, const QString &title);

Q_SIGNALS:
    void sourceChanged();
    void queryChanged();
    void countChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    void findRoles(const QAbstractItemModel *source);

    QString m_query;
    int m_shortcutRole = -1;
    int m_titleRole = -1;
    int m_idRole = -1;
    QMetaObject::Connection m_rolesWatch;
};

} // namespace parley::client
