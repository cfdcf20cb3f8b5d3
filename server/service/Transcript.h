#pragma once

#include "protocol/Message.h"
#include "protocol/Note.h"
#include "protocol/Room.h"
#include "protocol/User.h"
#include "storage/DeskRecords.h"
#include "storage/Records.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace parley::service {

// Everything a staff transcript export shows of one room (docs/API.md, "Transcripts"): every
// message in seq order with the previous versions of its edits and deletion, and the private
// notes, marked as such, in time order among them.
struct Transcript
{
    storage::RoomRecord room;
    QList<Member> members;
    QList<Message> messages; // by seq
    QList<Note> notes;       // oldest first
    QList<storage::MessageChange> changes;
    User exportedBy;
    qint64 exportedAtMs = 0;

    QJsonObject toJson() const;
    QString toText() const;
    // "transcript-<room id>.<extension>"
    QString fileName(const QString &extension) const;
};

} // namespace parley::service
