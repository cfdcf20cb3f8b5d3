#pragma once

#include "events/EventBus.h"
#include "protocol/Note.h"
#include "protocol/Result.h"
#include "protocol/User.h"
#include "storage/Storage.h"

#include <QList>
#include <QString>

namespace parley::service {

// The support desk features of issue 9 (docs/API.md, "Support desk"): staff-only rules on top of
// the chat rooms. Validates, authorizes, stores, then publishes events, like ChatService.
class DeskService
{
public:
    DeskService(storage::Storage &storage, events::EventBus &bus);

    // Private staff notes: staff (and admins) only, in any room they can see (staff see all).
    Result<Note> addNote(const User &actor, const QString &roomId,
                         const CreateNoteRequest &request);
    Result<QList<Note>> notes(const User &actor, const QString &roomId);

private:
    // Forbidden for customers, NotFound for a room that does not exist.
    Status requireStaffRoom(const User &actor, const QString &roomId);

    storage::Storage &m_storage;
    events::EventBus &m_bus;
};

} // namespace parley::service
