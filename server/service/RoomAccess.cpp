#include "service/RoomAccess.h"

#include "protocol/Validation.h"

namespace parley::service {

Result<RoomAccess> roomAccess(storage::Storage &storage, const User &actor, const QString &roomId)
{
    if (!validation::isRoomId(roomId))
        return Error::notFound(QStringLiteral("No such room"));
    auto room = storage.rooms().byId(roomId);
    if (!room)
        return room.error();
    auto membership = storage.rooms().membership(roomId, actor.id);
    if (!membership)
        return membership.error();
    if (!*membership && !isStaff(actor.role))
        return Error::notFound(QStringLiteral("No such room"));
    return RoomAccess{*room, *membership};
}

} // namespace parley::service
