#include "api/ApiContext.h"

#include "protocol/JsonFields.h"

#include <QJsonArray>

namespace parley::api {
namespace {

template<typename T>
QJsonArray toArray(const QList<T> &items)
{
    QJsonArray array;
    for (const T &item : items)
        array.append(item.toJson());
    return array;
}

QJsonObject page(const QJsonArray &results, const QString &nextCursor)
{
    return {{QStringLiteral("results"), results},
            {QStringLiteral("next_cursor"), json::stringOrNull(nextCursor)}};
}

} // namespace

void addAdminRoutes(Router &router, ApiContext &ctx)
{
    auto &admin = ctx.admin;

    addAuthed(router, ctx, Method::Get, QStringLiteral("/api/admin/users"),
              [&admin](const QHttpServerRequest &request, const QStringList &, const User &me) {
                  auto limit = queryInt(request, QStringLiteral("limit"), 1, 1000000);
                  if (!limit)
                      return HttpReply::error(limit.error());
                  return replyWith(admin.listUsers(me, queryText(request, QStringLiteral("q")),
                                                   int(limit->value_or(50)),
                                                   queryText(request, QStringLiteral("cursor"))),
                                   [](const service::UserPage &users) {
                                       return page(toArray(users.users), users.nextCursor);
                                   });
              });

    addAuthedAsync(router, ctx, Method::Post, QStringLiteral("/api/admin/users"),
                   [&admin](const QHttpServerRequest &request, const QStringList &, const User &me,
                            Router::Done done) {
                       auto body = jsonBody(request);
                       if (!body)
                           return done(HttpReply::error(body.error()));
                       auto parsed = AdminCreateUserRequest::fromJson(*body);
                       if (!parsed)
                           return done(HttpReply::error(parsed.error()));
                       admin.createUser(me, *parsed, [done](Result<AdminUser> created) {
                           done(replyWith(
                               created, [](const AdminUser &u) { return u.toJson(); }, 201));
                       });
                   });

    addAuthed(router, ctx, Method::Patch, QStringLiteral("/api/admin/users/{}"),
              [&admin](const QHttpServerRequest &request, const QStringList &args, const User &me) {
                  auto body = jsonBody(request);
                  if (!body)
                      return HttpReply::error(body.error());
                  auto parsed = AdminUpdateUserRequest::fromJson(*body);
                  if (!parsed)
                      return HttpReply::error(parsed.error());
                  return replyWith(admin.updateUser(me, args.at(0), *parsed),
                                   [](const AdminUser &u) { return u.toJson(); });
              });

    addAuthed(router, ctx, Method::Get, QStringLiteral("/api/admin/reports"),
              [&admin](const QHttpServerRequest &request, const QStringList &, const User &me) {
                  auto limit = queryInt(request, QStringLiteral("limit"), 1, 1000000);
                  if (!limit)
                      return HttpReply::error(limit.error());
                  return replyWith(admin.reports(me, int(limit->value_or(50)),
                                                 queryText(request, QStringLiteral("cursor"))),
                                   [](const service::ReportPage &reports) {
                                       return page(toArray(reports.reports), reports.nextCursor);
                                   });
              });

    addAuthed(router, ctx, Method::Get, QStringLiteral("/api/admin/stats"),
              [&admin](const QHttpServerRequest &, const QStringList &, const User &me) {
                  return replyWith(admin.stats(me),
                                   [](const ServerStats &s) { return s.toJson(); });
              });
}

} // namespace parley::api
