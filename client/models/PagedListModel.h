#pragma once

#include "api/ApiTypes.h"

#include <QAbstractListModel>
#include <QList>
#include <QString>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace parley::client {

// Base of the lists that page with `next_cursor` (users, reports): count, loading and hasMore,
// refresh() and loadMore(), and the one way a page lands in the rows.
class PagedListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ANONYMOUS
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    Q_PROPERTY(bool hasMore READ hasMore NOTIFY hasMoreChanged)

public:
    using QAbstractListModel::QAbstractListModel;

    int count() const { return rowCount(); }
    bool isLoading() const { return m_loading; }
    bool hasMore() const { return !m_nextCursor.isEmpty(); }

    Q_INVOKABLE void refresh() { fetch(false); }
    Q_INVOKABLE void loadMore();
    // Every role of a row by name ({} when out of range).
    Q_INVOKABLE QVariantMap get(int row) const;

Q_SIGNALS:
    void countChanged();
    void loadingChanged();
    void hasMoreChanged();
    void errorOccurred(const QString &message);

protected:
    // Asks for the first page (append false) or the next one; answers go through applyPage().
    virtual void fetch(bool append) = 0;
    // Starts a request: its generation (answers of older ones are dropped).
    int beginFetch();
    QString nextCursor() const { return m_nextCursor; }

    // Puts an answer into `rows`: appended or replacing them. False when stale or failed.
    template<typename T>
    bool applyPage(int generation, QList<T> &rows, const Result<Page<T>> &page, bool append)
    {
        if (generation != m_generation)
            return false;
        setLoading(false);
        if (!page) {
            Q_EMIT errorOccurred(describe(page.error()));
            return false;
        }
        const bool hadMore = hasMore();
        if (append) {
            const int first = int(rows.size());
            if (!page->results.isEmpty()) {
                beginInsertRows({}, first, first + int(page->results.size()) - 1);
                rows.append(page->results);
                endInsertRows();
            }
        } else {
            beginResetModel();
            rows = page->results;
            endResetModel();
        }
        m_nextCursor = page->nextCursor;
        Q_EMIT countChanged();
        if (hadMore != hasMore())
            Q_EMIT hasMoreChanged();
        return true;
    }

    // ui-admin: the row of `rows` whose idOf() equals that of `item` becomes `item` (false when
    // there is none); prepend() puts a new row first.
    template<typename T, typename IdOf>
    bool replaceRow(QList<T> &rows, const T &item, IdOf idOf)
    {
        for (int i = 0; i < rows.size(); ++i) {
            if (idOf(rows.at(i)) == idOf(item)) {
                rows[i] = item;
                Q_EMIT dataChanged(index(i), index(i));
                return true;
            }
        }
        return false;
    }
    template<typename T>
    void prepend(QList<T> &rows, const T &item)
    {
        beginInsertRows({}, 0, 0);
        rows.prepend(item);
        endInsertRows();
        Q_EMIT countChanged();
    }

private:
    static QString describe(const Error &error);
    void setLoading(bool loading);

    QString m_nextCursor;
    bool m_loading = false;
    int m_generation = 0;
};

} // namespace parley::client
