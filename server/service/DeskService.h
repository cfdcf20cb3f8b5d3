#pragma once

#include "events/EventBus.h"
#include "protocol/Canned.h"
#include "protocol/Note.h"
#include "protocol/Rating.h"
#include "protocol/Result.h"
#include "protocol/User.h"
#include "service/Transcript.h"
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

    // Canned responses (DeskCanned.cpp): staff and admins only, shared by all of them; every
    // change is published as CannedChanged.
    Result<QList<CannedResponse>> cannedResponses(const User &actor, const QString &prefix);
    Result<CannedResponse> createCanned(const User &actor, const CannedRequest &request);
    Result<CannedResponse> updateCanned(const User &actor, const QString &id,
                                        const CannedRequest &request);
    Status deleteCanned(const User &actor, const QString &id);
    // The body with its placeholders filled for that room and the actor.
    Result<QString> renderCanned(const User &actor, const QString &id, const QString &roomId);

    // Ratings after close (DeskRatings.cpp).
    Result<Rating> rate(const User &actor, const QString &roomId, const RateRequest &request);
    // Staff: every rating of the room; a customer member: their own.
    Result<QList<Rating>> ratings(const User &actor, const QString &roomId);
    Result<RatingReport> ratingReport(const User &actor);

    // Transcript export (DeskTranscript.cpp): staff only.
    Result<Transcript> transcript(const User &actor, const QString &roomId);

private:
    // Forbidden for customers, NotFound for a room that does not exist.
    Status requireStaffRoom(const User &actor, const QString &roomId);
    Status requireStaff(const User &actor);
    void publishCanned(const User &actor, const QString &action, const CannedResponse &canned);

    storage::Storage &m_storage;
    events::EventBus &m_bus;
};

} // namespace parley::service
