#pragma once

#include "http/HttpReply.h"

#include <QHttpServerRequest>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace parley::http {

// Path routing for the REST API. Patterns are literal segments with `{}` for one path argument:
// "/api/chat/rooms/{}/messages". A trailing slash on the request path is ignored ("/x/" == "/x").
// An unknown path answers a JSON 404 `not_found`; a known path with another method answers a
// JSON 405 (code `bad_request`, message naming the allowed methods, with an Allow header).
class Router
{
public:
    using Method = QHttpServerRequest::Method;
    using Done = std::function<void(HttpReply)>;
    // args: the `{}` segments in order, percent-decoded.
    using Handler = std::function<HttpReply(const QHttpServerRequest &, const QStringList &args)>;
    // Calls done exactly once, possibly later (after work off the event loop).
    using AsyncHandler =
        std::function<void(const QHttpServerRequest &, const QStringList &args, Done done)>;

    void add(Method method, const QString &pattern, Handler handler);
    void addAsync(Method method, const QString &pattern, AsyncHandler handler);

    // Finds the route and runs it; done is called exactly once (also for 404/405).
    void dispatch(const QHttpServerRequest &request, Done done) const;

private:
    struct Route
    {
        Method method;
        QStringList segments; // "{}" for an argument
        AsyncHandler handler;
    };
    QList<Route> m_routes;
};

} // namespace parley::http
