// Ratings after close (docs/API.md, "Ratings").
#include "api/ApiContext.h"

#include <QJsonArray>

namespace parley::api {

void addRatingRoutes(Router &router, ApiContext &ctx)
{
    auto &desk = ctx.desk;

    addAuthed(router, ctx, Method::Post, QStringLiteral("/api/chat/rooms/{}/rating"),
              [&desk](const QHttpServerRequest &request, const QStringList &args, const User &me) {
                  auto body = jsonBody(request);
                  if (!body)
                      return HttpReply::error(body.error());
                  auto parsed = RateRequest::fromJson(*body);
                  if (!parsed)
                      return HttpReply::error(parsed.error());
                  return replyWith(desk.rate(me, args.at(0), *parsed),
                                   [](const Rating &rating) { return rating.toJson(); });
              });

    addAuthed(router, ctx, Method::Get, QStringLiteral("/api/chat/rooms/{}/ratings"),
              [&desk](const QHttpServerRequest &, const QStringList &args, const User &me) {
                  return replyWith(desk.ratings(me, args.at(0)), [](const QList<Rating> &list) {
                      QJsonArray results;
                      for (const Rating &rating : list)
                          results.append(rating.toJson());
                      return QJsonObject{{QStringLiteral("results"), results}};
                  });
              });

    addAuthed(router, ctx, Method::Get, QStringLiteral("/api/chat/ratings"),
              [&desk](const QHttpServerRequest &, const QStringList &, const User &me) {
                  return replyWith(desk.ratingReport(me),
                                   [](const RatingReport &report) { return report.toJson(); });
              });
}

} // namespace parley::api
