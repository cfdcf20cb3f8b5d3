// Support desk assignment, availability and the auto-assignment settings (docs/API.md,
// "Assignment and availability").
#include "api/ApiContext.h"

#include "protocol/Assignment.h"

#include <QJsonArray>

namespace parley::api {
namespace {

StaffState stateOf(const storage::StaffDeskState &state, const realtime::Presence &presence)
{
    return {presence.withPresence(state.user),
            state.away ? Availability::Away : Availability::Available, state.openAssigned};
}

QJsonObject settingsJson(const service::DeskSettings &settings)
{
    return DeskSettingsJson{settings.autoAssign, settings.capacity}.toJson();
}

} // namespace

void addAssignRoutes(Router &router, ApiContext &ctx)
{
    auto &desk = ctx.desk;

    addAuthed(
        router, ctx, Method::Post, QStringLiteral("/api/chat/rooms/{}/assign"),
        [&ctx, &desk](const QHttpServerRequest &request, const QStringList &args, const User &me) {
            auto body = jsonBody(request);
            if (!body)
                return HttpReply::error(body.error());
            auto parsed = AssignRequest::fromJson(*body);
            if (!parsed)
                return HttpReply::error(parsed.error());
            if (auto s = desk.assign(me, args.at(0), parsed->assigneeId); !s)
                return HttpReply::error(s.error());
            return replyWith(ctx.chat.room(me, args.at(0)),
                             [](const Room &room) { return room.toJson(); });
        });

    addAuthed(router, ctx, Method::Get, QStringLiteral("/api/desk/staff"),
              [&ctx, &desk](const QHttpServerRequest &, const QStringList &, const User &me) {
                  // The capacity lets the app show each one's load against it (ui-assign).
                  const auto settings = desk.settings();
                  return replyWith(desk.staff(me),
                                   [&ctx, &settings](const QList<storage::StaffDeskState> &staff) {
                                       QJsonArray results;
                                       for (const auto &state : staff)
                                           results.append(stateOf(state, ctx.presence).toJson());
                                       QJsonObject out{{QStringLiteral("results"), results}};
                                       if (settings)
                                           out.insert(QStringLiteral("capacity"),
                                                      settings->capacity);
                                       return out;
                                   });
              });

    addAuthed(
        router, ctx, Method::Post, QStringLiteral("/api/desk/availability"),
        [&ctx, &desk](const QHttpServerRequest &request, const QStringList &, const User &me) {
            auto body = jsonBody(request);
            if (!body)
                return HttpReply::error(body.error());
            auto parsed = AvailabilityRequest::fromJson(*body);
            if (!parsed)
                return HttpReply::error(parsed.error());
            const QString who = parsed->userId.isEmpty() ? me.id : parsed->userId;
            return replyWith(desk.setAway(me, who, parsed->availability == Availability::Away),
                             [&ctx](const storage::StaffDeskState &state) {
                                 return stateOf(state, ctx.presence).toJson();
                             });
        });

    addAuthed(router, ctx, Method::Get, QStringLiteral("/api/admin/desk"),
              [&desk](const QHttpServerRequest &, const QStringList &, const User &me) {
                  if (me.role != Role::Admin)
                      return HttpReply::error(Error::forbidden(QStringLiteral("Admins only")));
                  return replyWith(desk.settings(), settingsJson);
              });

    addAuthed(router, ctx, Method::Patch, QStringLiteral("/api/admin/desk"),
              [&desk](const QHttpServerRequest &request, const QStringList &, const User &me) {
                  auto body = jsonBody(request);
                  if (!body)
                      return HttpReply::error(body.error());
                  auto parsed = DeskSettingsJson::fromJson(*body);
                  if (!parsed)
                      return HttpReply::error(parsed.error());
                  return replyWith(desk.changeSettings(me, parsed->autoAssign, parsed->capacity),
                                   settingsJson);
              });
}

} // namespace parley::api
