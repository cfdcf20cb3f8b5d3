#pragma once

#include "http/HttpReply.h"

#include <QHttpServerRequest>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace parley::http {

// Path routing for the REST API. Patterns are literal segments with `{}` for one path argument:
// "/api/chat/rooms/{}/messages". A trailing slash on the request path is ignored ("/x/" == "/x"),
// the query string plays no part in matching, and `{}` matches one non-empty segment (an encoded
// "%2F" stays inside its argument). An unknown path answers a JSON 404 `not_found`; a known path
// with another method answers a JSON 405 (code `method_not_allowed`, message naming the allowed
// methods, with an Allow header). HEAD runs the GET route; the body is left off on the wire.
//
// The request is Qt's per-connection object: it is reused for the connection's next request, so
// an async handler copies what it needs (body, headers, args) before returning. A handler that
// throws, or drops `done` without calling it, answers 500 `internal`.
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

    // The path split into percent-decoded segments, trailing slash dropped: "/a/b%20c/" ->
    // ["a", "b c"]. Takes the encoded path (QUrl::path(QUrl::FullyEncoded)).
    static QStringList splitPath(const QString &encodedPath);

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
