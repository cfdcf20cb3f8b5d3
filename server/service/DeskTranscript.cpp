// Transcript export for staff: the room's messages with every previous version (edits and the
// content a deletion removed, kept by MessageHistoryStore), and its private notes.
#include "service/DeskService.h"

#include "protocol/Time.h"

namespace parley::service {
namespace {

constexpr int kPage = 500;

} // namespace

Result<Transcript> DeskService::transcript(const User &actor, const QString &roomId)
{
    if (auto allowed = requireStaffRoom(actor, roomId); !allowed)
        return allowed.error();
    Transcript transcript;
    transcript.exportedBy = actor;
    transcript.exportedAtMs = nowMs();
    auto room = m_storage.rooms().byId(roomId);
    if (!room)
        return room.error();
    transcript.room = *room;
    auto members = m_storage.rooms().members(roomId);
    if (!members)
        return members.error();
    transcript.members = *members;
    qint64 after = 0;
    for (;;) {
        auto page = m_storage.messages().page(roomId, std::nullopt, after, kPage);
        if (!page)
            return page.error();
        transcript.messages += page->messages;
        if (!page->hasMore || page->messages.isEmpty())
            break;
        after = page->messages.constLast().seq;
    }
    auto notes = m_storage.notes().list(roomId);
    if (!notes)
        return notes.error();
    transcript.notes = *notes;
    auto changes = m_storage.messageHistory().forRoom(roomId);
    if (!changes)
        return changes.error();
    transcript.changes = *changes;
    return transcript;
}

} // namespace parley::service
