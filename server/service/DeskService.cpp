#include "service/DeskService.h"

#include "protocol/Validation.h"

namespace parley::service {

DeskService::DeskService(storage::Storage &storage, events::EventBus &bus, DeskSettings defaults)
    : m_storage(storage)
    , m_bus(bus)
    , m_defaults(defaults)
{}

Status DeskService::requireStaff(const User &actor)
{
    if (!isStaff(actor.role))
        return Error::forbidden(QStringLiteral("Only staff can do this"));
    return {};
}

Status DeskService::requireStaffRoom(const User &actor, const QString &roomId)
{
    if (auto staff = requireStaff(actor); !staff)
        return staff;
    if (!validation::isRoomId(roomId))
        return Error::notFound(QStringLiteral("No such room"));
    auto room = m_storage.rooms().byId(roomId);
    if (!room)
        return room.error();
    return {};
}

} // namespace parley::service
