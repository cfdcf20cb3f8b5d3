// Private staff notes of a conversation (docs/API.md, "Support desk").
#include "api/ApiContext.h"

#include <QJsonArray>

namespace parley::api {

void addNoteRoutes(Router &router, ApiContext &ctx)
{
    auto &desk = ctx.desk;

    addAuthed(router, ctx, Method::Get, QStringLiteral("/api/chat/rooms/{}/notes"),
              [&desk](const QHttpServerRequest &, const QStringList &args, const User &me) {
                  return replyWith(desk.notes(me, args.at(0)), [](const QList<Note> &notes) {
                      QJsonArray results;
                      for (const Note &note : notes)
                          results.append(note.toJson());
                      return QJsonObject{{QStringLiteral("results"), results}};
                  });
              });

    addAuthed(router, ctx, Method::Post, QStringLiteral("/api/chat/rooms/{}/notes"),
              [&desk](const QHttpServerRequest &request, const QStringList &args, const User &me) {
                  auto body = jsonBody(request);
                  if (!body)
                      return HttpReply::error(body.error());
                  auto parsed = CreateNoteRequest::fromJson(*body);
                  if (!parsed)
                      return HttpReply::error(parsed.error());
                  return replyWith(
                      desk.addNote(me, args.at(0), *parsed),
                      [](const Note &note) { return note.toJson(); }, 201);
              });
}

} // namespace parley::api
