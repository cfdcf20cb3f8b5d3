#include "api/ApiContext.h"

#include "protocol/JsonFields.h"

#include <QDateTime>
#include <QUrlQuery>

namespace parley::api {

QByteArray bearerToken(const QHttpServerRequest &request)
{
    return service::bearerFromHeader(request.value(QByteArrayLiteral("Authorization")));
}

namespace {

// The authenticated user of the request, or the error to answer (401, or 429 for a write over
// the user's rate).
Result<User> authorize(ApiContext &ctx, Method method, const QHttpServerRequest &request)
{
    auto me = ctx.auth.authenticate(bearerToken(request));
    if (!me || method == Method::Get || method == Method::Head)
        return me;
    if (Status allowed = takeWrite(ctx, me->id); !allowed)
        return allowed.error();
    return me;
}

} // namespace

Status takeWrite(ApiContext &ctx, const QString &key)
{
    if (const int wait = ctx.throttles.takeWrite(key, QDateTime::currentMSecsSinceEpoch())) {
        Error error{ErrorCode::RateLimited, QStringLiteral("Too many changes; slow down"), {}};
        error.retryAfterS = wait;
        return error;
    }
    return {};
}

void addAuthed(Router &router, ApiContext &ctx, Method method, const QString &pattern,
               AuthedHandler handler)
{
    router.add(method, pattern,
               [&ctx, method, handler = std::move(handler)](const QHttpServerRequest &request,
                                                            const QStringList &args) {
                   auto me = authorize(ctx, method, request);
                   if (!me)
                       return HttpReply::error(me.error());
                   return handler(request, args, *me);
               });
}

void addAuthedAsync(Router &router, ApiContext &ctx, Method method, const QString &pattern,
                    AuthedAsyncHandler handler)
{
    router.addAsync(method, pattern,
                    [&ctx, method, handler = std::move(handler)](const QHttpServerRequest &request,
                                                                 const QStringList &args,
                                                                 Router::Done done) {
                        auto me = authorize(ctx, method, request);
                        if (!me)
                            return done(HttpReply::error(me.error()));
                        handler(request, args, *me, std::move(done));
                    });
}

Result<QJsonObject> jsonBody(const QHttpServerRequest &request)
{
    const QByteArray body = request.body();
    if (body.trimmed().isEmpty())
        return QJsonObject();
    return json::parseObject(body);
}

Result<std::optional<qint64>> queryInt(const QHttpServerRequest &request, const QString &name,
                                       qint64 min, qint64 max)
{
    const QUrlQuery query = request.query();
    if (!query.hasQueryItem(name))
        return std::optional<qint64>();
    const QString text = query.queryItemValue(name);
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < min || value > max || text.startsWith(u'+'))
        return Error::validation(name, QStringLiteral("'%1' must be a whole number from %2 to %3")
                                           .arg(name)
                                           .arg(min)
                                           .arg(max));
    return std::optional<qint64>(value);
}

Result<std::optional<bool>> queryBool(const QHttpServerRequest &request, const QString &name)
{
    const QUrlQuery query = request.query();
    if (!query.hasQueryItem(name))
        return std::optional<bool>();
    const QString text = query.queryItemValue(name).toLower();
    if (text == u"true" || text == u"1")
        return std::optional<bool>(true);
    if (text == u"false" || text == u"0")
        return std::optional<bool>(false);
    return Error::validation(name, QStringLiteral("'%1' must be true or false").arg(name));
}

QString queryText(const QHttpServerRequest &request, const QString &name)
{
    return request.query().queryItemValue(name, QUrl::FullyDecoded);
}

} // namespace parley::api
