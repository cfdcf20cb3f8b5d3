#pragma once

#include "protocol/Result.h"
#include "protocol/User.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace parley {

// A private staff note inside a conversation: {"id","room_id","author","content","created_at"}.
// Notes are not messages: they take no seq, so they never move a room's last_seq, unread counts,
// last_message or resume, and only staff ever receive them (docs/API.md, "Support desk").
struct Note
{
    QString id;
    QString roomId;
    User author;
    QString content;
    QDateTime createdAt;

    QJsonObject toJson() const;
    static Result<Note> fromJson(const QJsonObject &obj);
    bool operator==(const Note &) const = default;
};

// POST /api/chat/rooms/{id}/notes: {"content"} (the same rules as a text message's content).
struct CreateNoteRequest
{
    QString content;
    QJsonObject toJson() const;
    static Result<CreateNoteRequest> fromJson(const QJsonObject &obj);
};

} // namespace parley
