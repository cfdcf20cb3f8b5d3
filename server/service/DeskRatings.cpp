// Ratings after close: a customer member rates a closed support or order conversation, once per
// closure (rating again replaces it until the room is reopened and closed again). Published as
// RatingReceived, which the hub delivers to connected staff only.
#include "service/DeskService.h"

#include "protocol/Time.h"
#include "service/RoomAccess.h"

namespace parley::service {
namespace {

constexpr int kReportLatest = 50;

} // namespace

Result<Rating> DeskService::rate(const User &actor, const QString &roomId,
                                 const RateRequest &request)
{
    auto found = roomAccess(m_storage, actor, roomId);
    if (!found)
        return found.error();
    if (isStaff(actor.role) || !found->membership)
        return Error::forbidden(QStringLiteral("Only the customers of a conversation can rate it"));
    const storage::RoomRecord *room = &found->room;
    if (room->kind != RoomKind::Support && room->kind != RoomKind::Order)
        return Error::badRequest(QStringLiteral("Only support and order conversations are rated"));
    auto closedSeq = m_storage.ratings().closingSeq(roomId);
    if (!closedSeq)
        return closedSeq.error();
    if (room->status != RoomStatus::Closed || !*closedSeq)
        return Error::conflict(QStringLiteral("Only a closed conversation can be rated"));
    auto rating = m_storage.ratings().upsert(roomId, actor.id, **closedSeq, request.score,
                                             request.comment, nowMs());
    if (!rating)
        return rating.error();
    m_bus.publish({events::Event::Kind::RatingReceived,
                   roomId,
                   actor.id,
                   {{QStringLiteral("rating"), rating->toJson()}},
                   {}});
    return rating;
}

Result<QList<Rating>> DeskService::ratings(const User &actor, const QString &roomId)
{
    if (isStaff(actor.role)) {
        if (auto allowed = requireStaffRoom(actor, roomId); !allowed)
            return allowed.error();
        return m_storage.ratings().forRoom(roomId);
    }
    if (auto found = roomAccess(m_storage, actor, roomId); !found)
        return found.error();
    auto all = m_storage.ratings().forRoom(roomId);
    if (!all)
        return all.error();
    QList<Rating> own;
    for (const Rating &rating : std::as_const(*all)) {
        if (rating.customer.id == actor.id)
            own.append(rating);
    }
    return own;
}

Result<RatingReport> DeskService::ratingReport(const User &actor)
{
    if (auto allowed = requireStaff(actor); !allowed)
        return allowed.error();
    return m_storage.ratings().report(kReportLatest);
}

} // namespace parley::service
