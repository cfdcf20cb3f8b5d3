#pragma once

#include "protocol/Result.h"
#include "protocol/User.h"
#include "storage/Storage.h"

#include <optional>

namespace parley::service {

// A room and the actor's membership of it, when the actor may see it.
struct RoomAccess
{
    storage::RoomRecord room;
    std::optional<storage::MemberRecord> membership;
};

// The room if the actor may see it (a member, or staff); NotFound otherwise (also for a malformed
// id), so a room one may not see looks like one that does not exist.
Result<RoomAccess> roomAccess(storage::Storage &storage, const User &actor, const QString &roomId);

} // namespace parley::service
