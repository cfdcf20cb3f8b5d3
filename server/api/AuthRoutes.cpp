#include "api/ApiContext.h"

#include <QDateTime>

namespace parley::api {
namespace {

// Parses the body into a request type, or answers the parse error.
template<typename Request>
Result<Request> parse(const QHttpServerRequest &request)
{
    auto body = jsonBody(request);
    if (!body)
        return body.error();
    return Request::fromJson(*body);
}

auto tokenJson = [](const TokenPair &pair) { return pair.toJson(); };

} // namespace

void addAuthRoutes(Router &router, ApiContext &ctx)
{
    router.addAsync(
        Method::Post, QStringLiteral("/api/auth/register"),
        [&ctx](const QHttpServerRequest &request, const QStringList &, Router::Done done) {
            auto parsed = parse<RegisterRequest>(request);
            if (!parsed)
                return done(HttpReply::error(parsed.error()));
            ctx.auth.registerUser(*parsed, [done](Result<TokenPair> result) {
                done(replyWith(result, tokenJson, 201));
            });
        });

    // Failed logins are counted per username and per address (ctx.throttles): once either has
    // used its allowance, logins answer 429 before any password is checked.
    router.addAsync(
        Method::Post, QStringLiteral("/api/auth/login"),
        [&ctx](const QHttpServerRequest &request, const QStringList &, Router::Done done) {
            auto parsed = parse<LoginRequest>(request);
            if (!parsed)
                return done(HttpReply::error(parsed.error()));
            const QString username = parsed->username;
            const QString address = request.remoteAddress().toString();
            if (const int wait = ctx.throttles.loginWaitS(username, address,
                                                          QDateTime::currentMSecsSinceEpoch())) {
                Error error{ErrorCode::RateLimited,
                            QStringLiteral("Too many failed logins; try again later"),
                            {}};
                error.retryAfterS = wait;
                return done(HttpReply::error(error));
            }
            ctx.auth.login(*parsed, [&ctx, done, username, address](Result<TokenPair> result) {
                if (!result && result.error().code == ErrorCode::Unauthorized)
                    ctx.throttles.loginFailed(username, address,
                                              QDateTime::currentMSecsSinceEpoch());
                done(replyWith(result, tokenJson));
            });
        });

    router.add(Method::Post, QStringLiteral("/api/auth/refresh"),
               [&ctx](const QHttpServerRequest &request, const QStringList &) {
                   auto parsed = parse<RefreshRequest>(request);
                   if (!parsed)
                       return HttpReply::error(parsed.error());
                   return replyWith(ctx.auth.refresh(*parsed), tokenJson);
               });

    router.add(Method::Post, QStringLiteral("/api/auth/logout"),
               [&ctx](const QHttpServerRequest &request, const QStringList &) {
                   auto parsed = parse<RefreshRequest>(request);
                   if (!parsed)
                       return HttpReply::error(parsed.error());
                   return replyStatus(ctx.auth.logout(*parsed));
               });

    addAuthed(router, ctx, Method::Get, QStringLiteral("/api/me"),
              [](const QHttpServerRequest &, const QStringList &, const User &me) {
                  return HttpReply::json(me.toJson());
              });
}

} // namespace parley::api
