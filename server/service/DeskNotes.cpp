// Private staff notes: stored apart from messages and published as NoteCreated, which the hub
// delivers to staff only. Customers are refused here, before anything is read.
#include "service/DeskService.h"

#include "protocol/Time.h"

namespace parley::service {

Result<Note> DeskService::addNote(const User &actor, const QString &roomId,
                                  const CreateNoteRequest &request)
{
    if (auto allowed = requireStaffRoom(actor, roomId); !allowed)
        return allowed.error();
    auto note = m_storage.notes().create(roomId, actor, request.content, nowMs());
    if (!note)
        return note.error();
    m_bus.publish({events::Event::Kind::NoteCreated,
                   roomId,
                   actor.id,
                   {{QStringLiteral("note"), note->toJson()}},
                   {}});
    return note;
}

Result<QList<Note>> DeskService::notes(const User &actor, const QString &roomId)
{
    if (auto allowed = requireStaffRoom(actor, roomId); !allowed)
        return allowed.error();
    return m_storage.notes().list(roomId);
}

} // namespace parley::service
