#include "models/RatingListModel.h"

#include "api/ApiClient.h"
#include "api/ApiReply.h"
#include "realtime/RealtimeClient.h"
#include "state/AppState.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace parley::client {

namespace {
// Newest closure first; within one closure the latest change first (the server's order).
bool newerFirst(const Rating &a, const Rating &b)
{
    if (a.closedSeq != b.closedSeq)
        return a.closedSeq > b.closedSeq;
    return a.updatedAt > b.updatedAt;
}
} // namespace

RatingListModel::RatingListModel(QObject *parent)
    : RoomScopedListModel(parent)
{
    if (!state())
        return;
    connect(state()->realtime(), &RealtimeClient::ratingReceived, this, [this](const Rating &r) {
        if (r.roomId == roomId())
            upsert(r);
    });
}

int RatingListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ratings.size());
}

QHash<int, QByteArray> RatingListModel::roleNames() const
{
    return {{CustomerIdRole, "customerId"},
            {CustomerNameRole, "customerName"},
            {CustomerUsernameRole, "customerUsername"},
            {ScoreRole, "score"},
            {CommentRole, "comment"},
            {ClosedSeqRole, "closedSeq"},
            {CreatedAtRole, "createdAt"},
            {UpdatedAtRole, "updatedAt"}};
}

QVariant RatingListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Rating &r = m_ratings.at(index.row());
    switch (role) {
    case CustomerIdRole:
        return r.customer.id;
    case Qt::DisplayRole:
    case CustomerNameRole:
        return r.customer.displayName;
    case CustomerUsernameRole:
        return r.customer.username;
    case ScoreRole:
        return r.score;
    case CommentRole:
        return r.comment;
    case ClosedSeqRole:
        return r.closedSeq;
    case CreatedAtRole:
        return r.createdAt.toLocalTime();
    case UpdatedAtRole:
        return r.updatedAt.toLocalTime();
    default:
        return {};
    }
}

void RatingListModel::setClosingSeq(qint64 seq)
{
    if (seq == m_closingSeq)
        return;
    m_closingSeq = seq;
    Q_EMIT closingSeqChanged();
    Q_EMIT ratingsChanged(); // `mine` depends on it
}

double RatingListModel::average() const
{
    if (m_ratings.isEmpty())
        return 0;
    double sum = 0;
    for (const Rating &r : m_ratings)
        sum += r.score;
    return sum / double(m_ratings.size());
}

QVariantMap RatingListModel::mine() const
{
    const QString self = state() ? state()->selfId() : QString();
    for (const Rating &r : m_ratings) { // newest closure first
        if (r.customer.id != self || (m_closingSeq > 0 && r.closedSeq != m_closingSeq))
            continue;
        return {{u"score"_s, r.score},
                {u"comment"_s, r.comment},
                {u"closedSeq"_s, r.closedSeq},
                {u"updatedAt"_s, r.updatedAt.toLocalTime()}};
    }
    return {};
}

void RatingListModel::fetch(int generation)
{
    state()->api()->roomRatings(
        roomId(), guarded<Result<QList<Rating>>>(this, [this, generation](auto ratings) {
            if (!isCurrent(generation))
                return;
            // A customer who is not (or no longer) a member has none to see: an empty list.
            reset(ratings ? *ratings : QList<Rating>());
        }));
}

void RatingListModel::rate(int score, const QString &comment)
{
    if (!state() || roomId().isEmpty() || isBusy())
        return;
    setBusy(true);
    const QString roomId = this->roomId();
    state()->api()->rateRoom(roomId, RateRequest{score, comment.trimmed()},
                             guarded<Result<Rating>>(this, [this, roomId](Result<Rating> rating) {
                                 setBusy(false);
                                 if (!rating)
                                     return Q_EMIT errorOccurred(reply::describe(rating.error()));
                                 if (rating->roomId == this->roomId())
                                     upsert(*rating);
                                 Q_EMIT rated();
                             }));
}

void RatingListModel::reset(const QList<Rating> &ratings)
{
    beginResetModel();
    m_ratings = ratings;
    std::stable_sort(m_ratings.begin(), m_ratings.end(), newerFirst);
    endResetModel();
    Q_EMIT ratingsChanged();
}

void RatingListModel::upsert(const Rating &rating)
{
    const auto same = [&](const Rating &r) {
        return r.customer.id == rating.customer.id && r.closedSeq == rating.closedSeq;
    };
    const auto it = std::find_if(m_ratings.cbegin(), m_ratings.cend(), same);
    if (it != m_ratings.cend()) {
        const int row = int(it - m_ratings.cbegin());
        beginRemoveRows({}, row, row);
        m_ratings.removeAt(row);
        endRemoveRows();
    }
    const auto pos = std::lower_bound(m_ratings.cbegin(), m_ratings.cend(), rating, newerFirst);
    const int row = int(pos - m_ratings.cbegin());
    beginInsertRows({}, row, row);
    m_ratings.insert(row, rating);
    endInsertRows();
    Q_EMIT ratingsChanged();
}

} // namespace parley::client
