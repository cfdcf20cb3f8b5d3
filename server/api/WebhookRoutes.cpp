// Webhook endpoints and their delivery log, admins only (docs/API.md, "Webhooks").
#include "api/ApiContext.h"
#include "webhooks/WebhookService.h"

#include "protocol/JsonFields.h"

#include <QJsonArray>

namespace parley::api {
namespace {

QJsonObject deliveryJson(const WebhookDelivery &delivery)
{
    return delivery.toJson();
}

QJsonObject endpointJson(const WebhookEndpoint &endpoint)
{
    return endpoint.toJson();
}

} // namespace

void addWebhookRoutes(Router &router, ApiContext &ctx)
{
    auto &hooks = ctx.webhooks;

    addAuthed(router, ctx, Method::Get, QStringLiteral("/api/admin/webhooks"),
              [&hooks](const QHttpServerRequest &, const QStringList &, const User &me) {
                  return replyWith(hooks.endpoints(me), [](const QList<WebhookEndpoint> &list) {
                      QJsonArray results;
                      for (const WebhookEndpoint &endpoint : list)
                          results.append(endpoint.toJson());
                      return QJsonObject{{QStringLiteral("results"), results}};
                  });
              });

    addAuthed(router, ctx, Method::Post, QStringLiteral("/api/admin/webhooks"),
              [&hooks](const QHttpServerRequest &request, const QStringList &, const User &me) {
                  auto body = jsonBody(request);
                  if (!body)
                      return HttpReply::error(body.error());
                  auto parsed = CreateWebhookRequest::fromJson(*body);
                  if (!parsed)
                      return HttpReply::error(parsed.error());
                  return replyWith(hooks.create(me, *parsed), endpointJson, 201);
              });

    addAuthed(router, ctx, Method::Patch, QStringLiteral("/api/admin/webhooks/{}"),
              [&hooks](const QHttpServerRequest &request, const QStringList &args, const User &me) {
                  auto body = jsonBody(request);
                  if (!body)
                      return HttpReply::error(body.error());
                  auto parsed = UpdateWebhookRequest::fromJson(*body);
                  if (!parsed)
                      return HttpReply::error(parsed.error());
                  return replyWith(hooks.update(me, args.at(0), *parsed), endpointJson);
              });

    addAuthed(router, ctx, Method::Post, QStringLiteral("/api/admin/webhooks/{}/test"),
              [&hooks](const QHttpServerRequest &, const QStringList &args, const User &me) {
                  return replyWith(hooks.sendTest(me, args.at(0)), deliveryJson, 202);
              });

    addAuthed(router, ctx, Method::Get, QStringLiteral("/api/admin/webhook-deliveries"),
              [&hooks](const QHttpServerRequest &request, const QStringList &, const User &me) {
                  auto limit = queryInt(request, QStringLiteral("limit"), 1, 200);
                  if (!limit)
                      return HttpReply::error(limit.error());
                  return replyWith(
                      hooks.deliveries(me, queryText(request, QStringLiteral("webhook_id")),
                                       queryText(request, QStringLiteral("cursor")),
                                       int(limit->value_or(50))),
                      [](const webhooks::DeliveryPage &page) {
                          QJsonArray results;
                          for (const WebhookDelivery &delivery : page.deliveries)
                              results.append(delivery.toJson());
                          return QJsonObject{
                              {QStringLiteral("results"), results},
                              {QStringLiteral("next_cursor"), json::stringOrNull(page.nextCursor)}};
                      });
              });

    addAuthed(router, ctx, Method::Post,
              QStringLiteral("/api/admin/webhook-deliveries/{}/redeliver"),
              [&hooks](const QHttpServerRequest &, const QStringList &args, const User &me) {
                  return replyWith(hooks.redeliver(me, args.at(0)), deliveryJson, 202);
              });
}

} // namespace parley::api
