#include "api/ApiContext.h"

#include "protocol/JsonFields.h"

#include <QJsonArray>

namespace parley::api {
namespace {

QJsonArray roomsJson(const QList<Room> &rooms)
{
    QJsonArray array;
    for (const Room &room : rooms)
        array.append(room.toJson());
    return array;
}

auto roomJson = [](const Room &room) { return room.toJson(); };

Result<service::RoomListQuery> listQuery(const QHttpServerRequest &request)
{
    service::RoomListQuery query;
    if (const QString status = queryText(request, QStringLiteral("status")); !status.isEmpty()) {
        query.filter.status = roomStatusFromName(status);
        if (!query.filter.status)
            return Error::validation(QStringLiteral("status"), QStringLiteral("open or closed"));
    }
    if (const QString kind = queryText(request, QStringLiteral("kind")); !kind.isEmpty()) {
        query.filter.kind = roomKindFromName(kind);
        if (!query.filter.kind)
            return Error::validation(QStringLiteral("kind"),
                                     QStringLiteral("support, order, direct or group"));
    }
    auto archived = queryBool(request, QStringLiteral("archived"));
    if (!archived)
        return archived.error();
    query.filter.archived = *archived;
    auto limit = queryInt(request, QStringLiteral("limit"), 1, 1000000);
    if (!limit)
        return limit.error();
    query.limit = int(limit->value_or(50));
    query.cursor = queryText(request, QStringLiteral("cursor"));
    query.scopeAll = queryText(request, QStringLiteral("scope")) == u"all";
    return query;
}

// POST {flag: bool} -> the room after the change.
template<typename Apply>
AuthedHandler flagHandler(const QString &field, Apply apply)
{
    return
        [field, apply](const QHttpServerRequest &request, const QStringList &args, const User &me) {
            auto body = jsonBody(request);
            if (!body)
                return HttpReply::error(body.error());
            auto flag = FlagRequest::fromJson(*body, field);
            if (!flag)
                return HttpReply::error(flag.error());
            return replyWith(apply(me, args.at(0), flag->value), roomJson);
        };
}

} // namespace

void addRoomRoutes(Router &router, ApiContext &ctx)
{
    auto &chat = ctx.chat;
    const auto authed = [&](Method method, const QString &pattern, AuthedHandler handler) {
        addAuthed(router, ctx, method, pattern, std::move(handler));
    };

    authed(Method::Get, QStringLiteral("/api/chat/rooms"),
           [&chat](const QHttpServerRequest &request, const QStringList &, const User &me) {
               auto query = listQuery(request);
               if (!query)
                   return HttpReply::error(query.error());
               // Support desk: assignee=me|none|<user id>, staff only.
               if (const QString assignee = queryText(request, QStringLiteral("assignee"));
                   !assignee.isEmpty() && isStaff(me.role))
                   query->filter.assignee = assignee == u"me"     ? me.id
                                            : assignee == u"none" ? QString()
                                                                  : assignee;
               return replyWith(chat.listRooms(me, *query), [](const service::RoomList &list) {
                   return QJsonObject{
                       {QStringLiteral("results"), roomsJson(list.rooms)},
                       {QStringLiteral("next_cursor"), json::stringOrNull(list.nextCursor)}};
               });
           });

    authed(Method::Post, QStringLiteral("/api/chat/rooms"),
           [&chat](const QHttpServerRequest &request, const QStringList &, const User &me) {
               auto body = jsonBody(request);
               if (!body)
                   return HttpReply::error(body.error());
               auto parsed = CreateRoomRequest::fromJson(*body);
               if (!parsed)
                   return HttpReply::error(parsed.error());
               auto created = chat.createRoom(me, *parsed);
               if (!created)
                   return HttpReply::error(created.error());
               return HttpReply::json(created->room.toJson(), created->created ? 201 : 200);
           });

    authed(Method::Get, QStringLiteral("/api/chat/rooms/{}"),
           [&chat](const QHttpServerRequest &, const QStringList &args, const User &me) {
               return replyWith(chat.room(me, args.at(0)), roomJson);
           });

    authed(Method::Post, QStringLiteral("/api/chat/rooms/{}/join"),
           [&chat](const QHttpServerRequest &, const QStringList &args, const User &me) {
               return replyWith(chat.join(me, args.at(0)), roomJson);
           });

    authed(Method::Post, QStringLiteral("/api/chat/rooms/{}/leave"),
           [&chat](const QHttpServerRequest &, const QStringList &args, const User &me) {
               return replyStatus(chat.leave(me, args.at(0)));
           });

    authed(Method::Post, QStringLiteral("/api/chat/rooms/{}/close"),
           [&chat](const QHttpServerRequest &, const QStringList &args, const User &me) {
               return replyWith(chat.close(me, args.at(0)), roomJson);
           });

    authed(Method::Post, QStringLiteral("/api/chat/rooms/{}/reopen"),
           [&chat](const QHttpServerRequest &, const QStringList &args, const User &me) {
               return replyWith(chat.reopen(me, args.at(0)), roomJson);
           });

    authed(Method::Post, QStringLiteral("/api/chat/rooms/{}/mute"),
           flagHandler(QStringLiteral("muted"),
                       [&chat](const User &me, const QString &id, bool value) {
                           return chat.setMuted(me, id, value);
                       }));

    authed(Method::Post, QStringLiteral("/api/chat/rooms/{}/archive"),
           flagHandler(QStringLiteral("archived"),
                       [&chat](const User &me, const QString &id, bool value) {
                           return chat.setArchived(me, id, value);
                       }));

    authed(Method::Post, QStringLiteral("/api/chat/rooms/{}/mark-read"),
           [&chat](const QHttpServerRequest &request, const QStringList &args, const User &me) {
               auto body = jsonBody(request);
               if (!body)
                   return HttpReply::error(body.error());
               auto parsed = MarkReadRequest::fromJson(*body);
               if (!parsed)
                   return HttpReply::error(parsed.error());
               return replyWith(chat.markRead(me, args.at(0), parsed->upToSeq),
                                [](const service::ReadState &state) {
                                    return QJsonObject{
                                        {QStringLiteral("read_seq"), state.readSeq},
                                        {QStringLiteral("unread_count"), state.unreadCount}};
                                });
           });

    authed(Method::Get, QStringLiteral("/api/chat/unread-count"),
           [&chat](const QHttpServerRequest &, const QStringList &, const User &me) {
               return replyWith(chat.unreadCount(me), [](const service::UnreadSummary &summary) {
                   QJsonObject rooms;
                   for (auto it = summary.rooms.cbegin(); it != summary.rooms.cend(); ++it)
                       rooms.insert(it.key(), it.value());
                   return QJsonObject{{QStringLiteral("total"), summary.total},
                                      {QStringLiteral("rooms"), rooms}};
               });
           });

    authed(Method::Get, QStringLiteral("/api/chat/online-staff"),
           [&ctx](const QHttpServerRequest &, const QStringList &, const User &) {
               // Support desk: with each one's availability and open assigned conversations.
               QHash<QString, storage::StaffDeskState> desk;
               if (auto states = ctx.storage.assignments().staff()) {
                   for (const auto &state : std::as_const(*states))
                       desk.insert(state.user.id, state);
               }
               QJsonArray staff;
               for (const User &user : ctx.presence.onlineStaff()) {
                   QJsonObject entry = user.toJson();
                   const auto state = desk.value(user.id);
                   entry.insert(QStringLiteral("availability"),
                                state.away ? QStringLiteral("away") : QStringLiteral("available"));
                   entry.insert(QStringLiteral("open_assigned"), state.openAssigned);
                   staff.append(entry);
               }
               return HttpReply::json(staff);
           });

    authed(Method::Get, QStringLiteral("/api/chat/active-rooms"),
           [&chat](const QHttpServerRequest &, const QStringList &, const User &me) {
               return replyWith(chat.activeRooms(me), [](const QList<Room> &rooms) {
                   return QJsonObject{{QStringLiteral("results"), roomsJson(rooms)}};
               });
           });
}

} // namespace parley::api
