#include "http/Router.h"

#include "logging/Logging.h"

#include <QUrl>

#include <atomic>
#include <exception>
#include <memory>

namespace parley::http {
namespace {

using Method = QHttpServerRequest::Method;

// Holds the caller's done; whoever calls first wins, and if every copy is dropped unanswered the
// client still gets a 500 instead of a connection that hangs.
struct DoneOnce
{
    Router::Done done;
    std::atomic_bool called{false};

    explicit DoneOnce(Router::Done d)
        : done(std::move(d))
    {}
    DoneOnce(const DoneOnce &) = delete;
    DoneOnce &operator=(const DoneOnce &) = delete;
    ~DoneOnce()
    {
        if (!called.load() && done) {
            qCWarning(lcHttp) << "handler dropped its answer; replying 500";
            done(HttpReply::error(Error::internal()));
        }
    }

    void call(HttpReply reply)
    {
        if (called.exchange(true)) {
            qCWarning(lcHttp) << "handler answered twice; second answer ignored";
            return;
        }
        auto d = std::move(done);
        done = nullptr;
        d(std::move(reply));
    }
};

QStringList splitPattern(const QString &pattern)
{
    QStringView view(pattern);
    while (view.startsWith(u'/'))
        view = view.sliced(1);
    while (view.endsWith(u'/'))
        view.chop(1);
    if (view.isEmpty())
        return {};
    return view.toString().split(u'/');
}

bool matches(const QStringList &pattern, const QStringList &segments, QStringList *args)
{
    if (pattern.size() != segments.size())
        return false;
    args->clear();
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == QLatin1StringView("{}")) {
            if (segments[i].isEmpty())
                return false;
            args->append(segments[i]);
        } else if (pattern[i] != segments[i]) {
            return false;
        }
    }
    return true;
}

const char *methodName(Method method)
{
    switch (method) {
    case Method::Get:
        return "GET";
    case Method::Put:
        return "PUT";
    case Method::Delete:
        return "DELETE";
    case Method::Post:
        return "POST";
    case Method::Head:
        return "HEAD";
    case Method::Options:
        return "OPTIONS";
    case Method::Patch:
        return "PATCH";
    case Method::Connect:
        return "CONNECT";
    case Method::Trace:
        return "TRACE";
    default:
        return nullptr;
    }
}

HttpReply methodNotAllowed(QHttpServerRequest::Methods allowed)
{
    if (allowed.testFlag(Method::Get))
        allowed |= Method::Head;
    QByteArray allow;
    for (Method m : {Method::Get, Method::Head, Method::Post, Method::Put, Method::Patch,
                     Method::Delete, Method::Options, Method::Connect, Method::Trace}) {
        if (!allowed.testFlag(m))
            continue;
        if (!allow.isEmpty())
            allow += ", ";
        allow += methodName(m);
    }
    HttpReply reply = HttpReply::error(
        {ErrorCode::MethodNotAllowed,
         QStringLiteral("Method not allowed; allowed: %1").arg(QString::fromLatin1(allow)),
         {}});
    reply.headers.append({QByteArrayLiteral("Allow"), allow});
    return reply;
}

} // namespace

void Router::add(Method method, const QString &pattern, Handler handler)
{
    addAsync(method, pattern,
             [handler = std::move(handler)](const QHttpServerRequest &request,
                                            const QStringList &args,
                                            Done done) { done(handler(request, args)); });
}

void Router::addAsync(Method method, const QString &pattern, AsyncHandler handler)
{
    m_routes.append({method, splitPattern(pattern), std::move(handler)});
}

QStringList Router::splitPath(const QString &encodedPath)
{
    QStringList segments = splitPattern(encodedPath);
    for (QString &segment : segments)
        segment = QUrl::fromPercentEncoding(segment.toLatin1());
    return segments;
}

void Router::dispatch(const QHttpServerRequest &request, Done done) const
{
    auto once = std::make_shared<DoneOnce>(std::move(done));
    Done answer = [once](HttpReply reply) { once->call(std::move(reply)); };

    const QStringList segments = splitPath(request.url().path(QUrl::FullyEncoded));
    const Method method = request.method();

    const Route *found = nullptr;
    const Route *getFallback = nullptr; // HEAD runs the GET route when there is no HEAD route
    QStringList args;
    QStringList candidateArgs;
    QHttpServerRequest::Methods allowed;
    for (const Route &route : m_routes) {
        if (!matches(route.segments, segments, &candidateArgs))
            continue;
        allowed |= route.method;
        if (route.method == method) {
            found = &route;
            args = candidateArgs;
            break;
        }
        if (method == Method::Head && route.method == Method::Get && !getFallback) {
            getFallback = &route;
            args = candidateArgs;
        }
    }
    if (!found)
        found = getFallback;

    if (!found) {
        if (allowed.toInt() != 0)
            answer(methodNotAllowed(allowed));
        else
            answer(HttpReply::error(Error::notFound(QStringLiteral("No such endpoint"))));
        return;
    }

    try {
        found->handler(request, args, answer);
    } catch (const std::exception &e) {
        qCWarning(lcHttp) << "handler threw:" << e.what();
        answer(HttpReply::error(Error::internal()));
    } catch (...) {
        qCWarning(lcHttp) << "handler threw a non-std exception";
        answer(HttpReply::error(Error::internal()));
    }
}

} // namespace parley::http
