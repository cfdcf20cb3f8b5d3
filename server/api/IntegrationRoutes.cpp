// Integrations (docs/API.md, "Support desk: integrations"): the admin's API key routes, and the
// integration endpoints, which take an API key (never a user token).
#include "api/ApiContext.h"

#include "service/IntegrationService.h"

#include <QDateTime>
#include <QJsonArray>

namespace parley::api {
namespace {

// "Authorization: Bearer <key>" or "X-Api-Key: <key>".
QByteArray presentedKey(const QHttpServerRequest &request)
{
    const QByteArray header = request.value(QByteArrayLiteral("X-Api-Key")).trimmed();
    return header.isEmpty() ? bearerToken(request) : header;
}

using KeyHandler = std::function<HttpReply(const QJsonObject &body, const ApiKey &key)>;

// A POST that runs only for a live key holding `scope`, within the key's write rate.
void addKeyed(Router &router, ApiContext &ctx, const QString &pattern, QStringView scope,
              KeyHandler handler)
{
    router.add(Method::Post, pattern,
               [&ctx, scope, handler = std::move(handler)](const QHttpServerRequest &request,
                                                           const QStringList &) {
                   auto key = ctx.integrations.authenticate(presentedKey(request), scope);
                   if (!key)
                       return HttpReply::error(key.error());
                   if (Status allowed = takeWrite(ctx, QStringLiteral("api-key:") + key->id);
                       !allowed)
                       return HttpReply::error(allowed.error());
                   auto body = jsonBody(request);
                   if (!body)
                       return HttpReply::error(body.error());
                   return handler(*body, *key);
               });
}

} // namespace

void addIntegrationRoutes(Router &router, ApiContext &ctx)
{
    auto &integrations = ctx.integrations;

    addAuthed(router, ctx, Method::Get, QStringLiteral("/api/admin/api-keys"),
              [&integrations](const QHttpServerRequest &, const QStringList &, const User &me) {
                  return replyWith(integrations.listKeys(me), [](const QList<ApiKey> &keys) {
                      QJsonArray results;
                      for (const ApiKey &key : keys)
                          results.append(key.toJson());
                      return QJsonObject{{QStringLiteral("results"), results}};
                  });
              });

    addAuthed(
        router, ctx, Method::Post, QStringLiteral("/api/admin/api-keys"),
        [&integrations](const QHttpServerRequest &request, const QStringList &, const User &me) {
            auto body = jsonBody(request);
            if (!body)
                return HttpReply::error(body.error());
            auto parsed = CreateApiKeyRequest::fromJson(*body);
            if (!parsed)
                return HttpReply::error(parsed.error());
            return replyWith(
                integrations.createKey(me, *parsed),
                [](const CreatedApiKey &created) { return created.toJson(); }, 201);
        });

    addAuthed(router, ctx, Method::Post, QStringLiteral("/api/admin/api-keys/{}/revoke"),
              [&integrations](const QHttpServerRequest &, const QStringList &args, const User &me) {
                  return replyWith(integrations.revokeKey(me, args.at(0)),
                                   [](const ApiKey &key) { return key.toJson(); });
              });

    addKeyed(router, ctx, QStringLiteral("/api/integrations/v1/order-rooms"), scope::RoomsWrite,
             [&integrations](const QJsonObject &body, const ApiKey &) {
                 auto parsed = OrderRoomRequest::fromJson(body);
                 if (!parsed)
                     return HttpReply::error(parsed.error());
                 auto room = integrations.orderRoom(*parsed);
                 if (!room)
                     return HttpReply::error(room.error());
                 return HttpReply::json(room->room.toJson(), room->created ? 201 : 200);
             });

    addKeyed(router, ctx, QStringLiteral("/api/integrations/v1/events"), scope::EventsWrite,
             [&integrations](const QJsonObject &body, const ApiKey &key) {
                 auto parsed = OrderEvent::fromJson(body);
                 if (!parsed)
                     return HttpReply::error(parsed.error());
                 auto posted = integrations.postEvent(key, *parsed);
                 if (!posted)
                     return HttpReply::error(posted.error());
                 return HttpReply::json(posted->message.toJson(), posted->created ? 201 : 200);
             });
}

} // namespace parley::api
