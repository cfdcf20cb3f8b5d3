#include "models/PagedListModel.h"

#include "api/ApiReply.h"
#include "models/Presentation.h"

namespace parley::client {

void PagedListModel::loadMore()
{
    if (hasMore() && !m_loading)
        fetch(true);
}

QVariantMap PagedListModel::get(int row) const
{
    return present::rowMap(this, row);
}

int PagedListModel::beginFetch()
{
    setLoading(true);
    return ++m_generation;
}

void PagedListModel::setLoading(bool loading)
{
    if (m_loading == loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged();
}

QString PagedListModel::describe(const Error &error)
{
    return reply::describe(error);
}

} // namespace parley::client
