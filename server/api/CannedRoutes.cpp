// Canned responses shared by staff (docs/API.md, "Canned responses").
#include "api/ApiContext.h"

#include <QJsonArray>

namespace parley::api {

void addCannedRoutes(Router &router, ApiContext &ctx)
{
    auto &desk = ctx.desk;
    const QString collection = QStringLiteral("/api/chat/canned");
    const QString one = QStringLiteral("/api/chat/canned/{}");

    addAuthed(router, ctx, Method::Get, collection,
              [&desk](const QHttpServerRequest &request, const QStringList &, const User &me) {
                  return replyWith(
                      desk.cannedResponses(me, queryText(request, QStringLiteral("q"))),
                      [](const QList<CannedResponse> &list) {
                          QJsonArray results;
                          for (const CannedResponse &canned : list)
                              results.append(canned.toJson());
                          return QJsonObject{{QStringLiteral("results"), results}};
                      });
              });

    const auto write = [&desk](bool create) {
        return [&desk, create](const QHttpServerRequest &request, const QStringList &args,
                               const User &me) {
            auto body = jsonBody(request);
            if (!body)
                return HttpReply::error(body.error());
            auto parsed = CannedRequest::fromJson(*body, create);
            if (!parsed)
                return HttpReply::error(parsed.error());
            const auto toJson = [](const CannedResponse &canned) { return canned.toJson(); };
            if (create)
                return replyWith(desk.createCanned(me, *parsed), toJson, 201);
            return replyWith(desk.updateCanned(me, args.at(0), *parsed), toJson);
        };
    };
    addAuthed(router, ctx, Method::Post, collection, write(true));
    addAuthed(router, ctx, Method::Patch, one, write(false));

    addAuthed(router, ctx, Method::Delete, one,
              [&desk](const QHttpServerRequest &, const QStringList &args, const User &me) {
                  return replyStatus(desk.deleteCanned(me, args.at(0)));
              });

    addAuthed(router, ctx, Method::Get, QStringLiteral("/api/chat/rooms/{}/canned/{}/render"),
              [&desk](const QHttpServerRequest &, const QStringList &args, const User &me) {
                  return replyWith(desk.renderCanned(me, args.at(1), args.at(0)),
                                   [](const QString &text) {
                                       return QJsonObject{{QStringLiteral("text"), text}};
                                   });
              });
}

} // namespace parley::api
