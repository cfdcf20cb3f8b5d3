#pragma once

#include "api/Throttles.h"
#include "events/EventBus.h"
#include "http/HttpReply.h"
#include "http/Router.h"
#include "metrics/Metrics.h"
#include "protocol/Result.h"
#include "protocol/User.h"
#include "realtime/Presence.h"
#include "service/AdminService.h"
#include "service/AuthService.h"
#include "service/ChatService.h"
#include "service/DeskService.h"
#include "storage/Storage.h"

#include <QHttpServerRequest>
#include <QJsonObject>
#include <QString>

#include <functional>
#include <optional>

namespace parley::attachments {
class AttachmentService;
}
namespace parley::service {
class SearchService;
class IntegrationService;
} // namespace parley::service
namespace parley::webhooks {
class WebhookService;
}

namespace parley::api {

// What the REST routes work with.
struct ApiContext
{
    storage::Storage &storage;
    events::EventBus &bus;
    service::AuthService &auth;
    service::ChatService &chat;
    service::AdminService &admin;
    service::DeskService &desk;
    realtime::Presence &presence;
    metrics::Metrics &metrics;
    Throttles &throttles;
    attachments::AttachmentService &attachments;
    service::SearchService &search;
    webhooks::WebhookService &webhooks;
    service::IntegrationService &integrations;
};

using http::HttpReply;
using http::Router;
using Method = QHttpServerRequest::Method;

// A handler that runs only for an authenticated user (the bearer token's user, read from the
// database): anything else answers 401 before the handler runs. Writes (every method but GET and
// HEAD) count against the user's write rate (ctx.throttles): over it, 429 rate_limited.
using AuthedHandler =
    std::function<HttpReply(const QHttpServerRequest &, const QStringList &args, const User &me)>;
using AuthedAsyncHandler = std::function<void(const QHttpServerRequest &, const QStringList &args,
                                              const User &me, Router::Done done)>;

void addAuthed(Router &router, ApiContext &ctx, Method method, const QString &pattern,
               AuthedHandler handler);
void addAuthedAsync(Router &router, ApiContext &ctx, Method method, const QString &pattern,
                    AuthedAsyncHandler handler);

// One write against the write rate of `key` (a user id, or "api-key:<id>"): 429 rate_limited with
// Retry-After when it is over.
Status takeWrite(ApiContext &ctx, const QString &key);

// "Authorization: Bearer <token>", or empty.
QByteArray bearerToken(const QHttpServerRequest &request);
// The request body as a JSON object, or an empty object for an empty body (POSTs with no fields).
Result<QJsonObject> jsonBody(const QHttpServerRequest &request);
// A whole, non-negative query parameter within [min, max]; nullopt when absent.
Result<std::optional<qint64>> queryInt(const QHttpServerRequest &request, const QString &name,
                                       qint64 min, qint64 max);
Result<std::optional<bool>> queryBool(const QHttpServerRequest &request, const QString &name);
QString queryText(const QHttpServerRequest &request, const QString &name);

// Maps a result to a reply: the value through `toJson` with `status`, or the error.
template<typename T, typename ToJson>
HttpReply replyWith(const Result<T> &result, ToJson toJson, int status = 200)
{
    if (!result)
        return HttpReply::error(result.error());
    return HttpReply::json(toJson(result.value()), status);
}

inline HttpReply replyStatus(const Status &status)
{
    return status ? HttpReply::noContent() : HttpReply::error(status.error());
}

// Route tables, one per resource.
void addAuthRoutes(Router &router, ApiContext &ctx);
void addRoomRoutes(Router &router, ApiContext &ctx);
void addMessageRoutes(Router &router, ApiContext &ctx);
void addAdminRoutes(Router &router, ApiContext &ctx);
void addNoteRoutes(Router &router, ApiContext &ctx);
void addCannedRoutes(Router &router, ApiContext &ctx);
void addRatingRoutes(Router &router, ApiContext &ctx);
void addTranscriptRoutes(Router &router, ApiContext &ctx);
void addAssignRoutes(Router &router, ApiContext &ctx);
void addHealthRoutes(Router &router, ApiContext &ctx);
void addFileRoutes(Router &router, ApiContext &ctx);
void addSearchRoutes(Router &router, ApiContext &ctx);
void addWebhookRoutes(Router &router, ApiContext &ctx);
void addIntegrationRoutes(Router &router, ApiContext &ctx);

} // namespace parley::api
