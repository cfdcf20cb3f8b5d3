#include "models/SearchResultModel.h"

#include "api/ApiClient.h"
#include "api/ApiReply.h"
#include "models/Presentation.h"
#include "state/AppState.h"

namespace parley::client {

namespace {
constexpr int kQuietMs = 300;
constexpr int kLimit = 50;
} // namespace

SearchResultModel::SearchResultModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kQuietMs);
    connect(&m_debounce, &QTimer::timeout, this, &SearchResultModel::search);
}

AppState *SearchResultModel::state() const
{
    return AppState::instance();
}

int SearchResultModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_messages.size());
}

QHash<int, QByteArray> SearchResultModel::roleNames() const
{
    return {{MessageIdRole, "messageId"},
            {RoomIdRole, "roomId"},
            {RoomTitleRole, "roomTitle"},
            {SeqRole, "seq"},
            {TypeRole, "type"},
            {ContentRole, "content"},
            {SenderNameRole, "senderName"},
            {CreatedAtRole, "createdAt"}};
}

QVariant SearchResultModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Message &m = m_messages.at(index.row());
    switch (role) {
    case MessageIdRole:
        return m.id;
    case RoomIdRole:
        return m.roomId;
    case RoomTitleRole: {
        const QString title = state() ? state()->roomTitle(m.roomId) : QString();
        return title.isEmpty() ? m.roomId : title;
    }
    case SeqRole:
        return m.seq;
    case TypeRole:
        return messageTypeName(m.type);
    case Qt::DisplayRole:
    case ContentRole:
        return m.content;
    case SenderNameRole:
        return m.sender ? m.sender->displayName : QString();
    case CreatedAtRole:
        return m.createdAt;
    default:
        return {};
    }
}

QVariantMap SearchResultModel::get(int row) const
{
    return present::rowMap(this, row);
}

void SearchResultModel::setQuery(const QString &query)
{
    if (m_query == query)
        return;
    m_query = query;
    Q_EMIT queryChanged();
    m_debounce.start();
}

void SearchResultModel::setRoomId(const QString &roomId)
{
    if (m_roomId == roomId)
        return;
    m_roomId = roomId;
    Q_EMIT roomIdChanged();
    m_debounce.start();
}

void SearchResultModel::setLoading(bool loading)
{
    if (m_loading == loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged();
}

void SearchResultModel::search()
{
    m_debounce.stop();
    const int generation = ++m_generation;
    if (m_query.trimmed().isEmpty() || !state()) {
        setLoading(false);
        if (!m_messages.isEmpty()) {
            beginResetModel();
            m_messages.clear();
            endResetModel();
            Q_EMIT countChanged();
        }
        return;
    }
    setLoading(true);
    state()->api()->search(
        m_query.trimmed(), m_roomId, kLimit,
        guarded<Result<QList<Message>>>(this, [this, generation](Result<QList<Message>> found) {
            if (generation != m_generation)
                return;
            setLoading(false);
            if (!found)
                return Q_EMIT errorOccurred(reply::describe(found.error()));
            beginResetModel();
            m_messages = *found;
            endResetModel();
            Q_EMIT countChanged();
        }));
}

} // namespace parley::client
