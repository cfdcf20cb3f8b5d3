#include "protocol/Note.h"

#include "protocol/JsonFields.h"
#include "protocol/Time.h"
#include "protocol/Validation.h"

namespace parley {

using namespace Qt::StringLiterals;

QJsonObject Note::toJson() const
{
    return {{u"id"_s, id},
            {u"room_id"_s, roomId},
            {u"author"_s, author.toJson()},
            {u"content"_s, content},
            {u"created_at"_s, toWireTime(createdAt)}};
}

Result<Note> Note::fromJson(const QJsonObject &obj)
{
    Note note;
    auto id = json::requireString(obj, u"id"_s);
    if (!id)
        return id.error();
    note.id = *id;
    auto roomId = json::requireString(obj, u"room_id"_s);
    if (!roomId)
        return roomId.error();
    note.roomId = *roomId;
    auto authorJson = json::requireObject(obj, u"author"_s);
    if (!authorJson)
        return authorJson.error();
    auto author = User::fromJson(*authorJson);
    if (!author)
        return json::nested(author.error(), u"author"_s);
    note.author = *author;
    auto content = json::requireString(obj, u"content"_s);
    if (!content)
        return content.error();
    note.content = *content;
    auto createdAt = json::requireTime(obj, u"created_at"_s);
    if (!createdAt)
        return createdAt.error();
    note.createdAt = *createdAt;
    return note;
}

QJsonObject CreateNoteRequest::toJson() const
{
    return {{u"content"_s, content}};
}

Result<CreateNoteRequest> CreateNoteRequest::fromJson(const QJsonObject &obj)
{
    auto content = json::requireString(obj, u"content"_s);
    if (!content)
        return content.error();
    if (Status s = validation::textContent(*content); !s)
        return s.error();
    return CreateNoteRequest{*content};
}

} // namespace parley
