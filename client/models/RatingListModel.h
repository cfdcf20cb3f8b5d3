#pragma once

#include "models/RoomScopedListModel.h"
#include "protocol/Rating.h"

#include <QList>
#include <QString>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace parley::client {

// The ratings of one room (docs/API.md "Ratings"), newest closure first. Staff see every
// customer's rating, kept live by the `rating` frame; a customer sees their own and rates the
// closed room with rate().
//
// QML:  RatingListModel { id: ratings; roomId: page.roomId; closingSeq: messages.closedSeq }
class RatingListModel : public RoomScopedListModel
{
    Q_OBJECT
    QML_ELEMENT
    // roomId, busy (a rate() is waiting), reload(), get(row), errorOccurred: RoomScopedListModel
    // The seq of the message that closed the room (MessageListModel.closedSeq): `mine` is the
    // rating of that closure. 0: the newest of mine.
    Q_PROPERTY(qint64 closingSeq READ closingSeq WRITE setClosingSeq NOTIFY closingSeqChanged)
    Q_PROPERTY(int count READ count NOTIFY ratingsChanged)
    // Mean score of the listed ratings (0 when none).
    Q_PROPERTY(double average READ average NOTIFY ratingsChanged)
    // My rating of the current closure: {score, comment, closedSeq, updatedAt}, or {} when none.
    Q_PROPERTY(QVariantMap mine READ mine NOTIFY ratingsChanged)

public:
    enum Role {
        CustomerIdRole = Qt::UserRole + 1, // "customerId"
        CustomerNameRole,                  // "customerName": display name
        CustomerUsernameRole,              // "customerUsername"
        ScoreRole,                         // "score": 1-5
        CommentRole,                       // "comment": "" when none
        ClosedSeqRole,                     // "closedSeq": the closure it rates
        CreatedAtRole,                     // "createdAt": date
        UpdatedAtRole,                     // "updatedAt": date (changed by a re-rating)
    };
    Q_ENUM(Role)

    explicit RatingListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    qint64 closingSeq() const { return m_closingSeq; }
    void setClosingSeq(qint64 seq);
    int count() const { return int(m_ratings.size()); }
    double average() const;
    QVariantMap mine() const;
    QList<Rating> ratings() const { return m_ratings; }

    // Rates the room (customers, while closed): rated() or errorOccurred(server's message).
    Q_INVOKABLE void rate(int score, const QString &comment);

Q_SIGNALS:
    void closingSeqChanged();
    void ratingsChanged();
    void rated();

protected:
    void fetch(int generation) override;
    void clear() override { reset({}); }

private:
    void reset(const QList<Rating> &ratings);
    void upsert(const Rating &rating);

    qint64 m_closingSeq = 0;
    QList<Rating> m_ratings;
};

} // namespace parley::client
