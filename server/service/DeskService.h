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
#include <QSet>
#include <QString>

#include <optional>

namespace parley::service {

// Auto-assignment (DeskAssignment.cpp): the server's defaults until an admin changes them, which
// is stored and shared by every node.
struct DeskSettings
{
    bool autoAssign = false;
    int capacity = 5; // open assigned conversations per staff member
};

// The support desk features of issue 9 (docs/API.md, "Support desk"): staff-only rules on top of
// the chat rooms. Validates, authorizes, stores, then publishes events, like ChatService.
class DeskService
{
public:
    DeskService(storage::Storage &storage, events::EventBus &bus, DeskSettings defaults = {});

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
    // Assignment (DeskAssignment.cpp). `assigneeId` empty: unassign. Staff assign an unassigned
    // open support room to anyone active on the staff; an assigned one only its assignee (a
    // transfer) or an admin may change.
    Status assign(const User &actor, const QString &roomId, const QString &assigneeId);
    // Available or away: staff themselves, admins anyone's. Answers the new state.
    Result<storage::StaffDeskState> setAway(const User &actor, const QString &userId, bool away);
    Result<QList<storage::StaffDeskState>> staff(const User &actor);
    Result<DeskSettings> settings();
    Result<DeskSettings> changeSettings(const User &actor, std::optional<bool> autoAssign,
                                        std::optional<int> capacity);
    // One auto-assignment pass over the queue, oldest first, among the available staff in
    // `online`. Answers how many rooms this call assigned.
    Result<int> autoAssign(const QSet<QString> &online);

private:
    // The assignee's membership, the system message, the queue and the events of an assignment
    // that has just been stored (inside the caller's transaction).
    Status afterAssigned(const storage::RoomRecord &room, const std::optional<User> &assignee,
                         const std::optional<User> &previous, const std::optional<User> &by,
                         QList<events::Event> &events);
    void publishAll(const QList<events::Event> &events);

    // Forbidden for customers, NotFound for a room that does not exist.
    Status requireStaffRoom(const User &actor, const QString &roomId);
    Status requireStaff(const User &actor);
    void publishCanned(const User &actor, const QString &action, const CannedResponse &canned);

    storage::Storage &m_storage;
    events::EventBus &m_bus;
    DeskSettings m_defaults;
};

} // namespace parley::service
