#pragma once

// In-process fixtures for the edge tests: an ApiServer with a small Router on 127.0.0.1:0, a
// raw HTTP/1.1 client that parses answers off a QTcpSocket without blocking the event loop (the
// server runs on the same thread), and a QNetworkAccessManager helper for well-behaved traffic.

#include "http/ApiServer.h"
#include "http/HttpReply.h"
#include "http/Router.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QWebSocket>

#include <memory>
#include <optional>
#include <thread>
#include <vector>

namespace edgetest {

using parley::Error;
using parley::ErrorCode;
using parley::http::ApiServer;
using parley::http::EdgeLimits;
using parley::http::HttpReply;
using parley::http::Router;
using Method = QHttpServerRequest::Method;

// Like QTest::qWaitFor without its 10 ms naps between checks, for bulk transfers.
template<typename Predicate>
bool spinUntil(Predicate predicate, int ms)
{
    QElapsedTimer clock;
    clock.start();
    QTimer tick; // wakes the blocking processEvents() below now and then
    tick.start(5);
    while (!predicate()) {
        if (clock.elapsed() > ms)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

inline QJsonObject argsJson(const QStringList &args)
{
    return {{QStringLiteral("args"), QJsonArray::fromStringList(args)}};
}

// Counters the routes below keep, for tests that watch how much work the server started.
struct RouteStats
{
    int bigServed = 0;   // /big/{} answers produced
    int inFlight = 0;    // /inflight/{} handlers running now
    int maxInFlight = 0; // the most at once
};
inline RouteStats &routeStats()
{
    static RouteStats stats;
    return stats;
}

// The routes every edge test talks to.
inline void addTestRoutes(Router &router)
{
    router.add(Method::Get, QStringLiteral("/ping"),
               [](const QHttpServerRequest &, const QStringList &) {
                   return HttpReply::json(QJsonObject{{QStringLiteral("pong"), true}});
               });
    router.add(Method::Get, QStringLiteral("/api/items/"),
               [](const QHttpServerRequest &, const QStringList &args) {
                   return HttpReply::json(argsJson(args));
               });
    router.add(Method::Post, QStringLiteral("/api/items"),
               [](const QHttpServerRequest &, const QStringList &args) {
                   return HttpReply::json(argsJson(args), 201);
               });
    router.add(Method::Get, QStringLiteral("/api/items/{}"),
               [](const QHttpServerRequest &, const QStringList &args) {
                   return HttpReply::json(argsJson(args));
               });
    router.add(
        Method::Delete, QStringLiteral("/api/items/{}/"),
        [](const QHttpServerRequest &, const QStringList &) { return HttpReply::noContent(); });
    router.add(Method::Get, QStringLiteral("/api/items/{}/parts/{}"),
               [](const QHttpServerRequest &, const QStringList &args) {
                   return HttpReply::json(argsJson(args));
               });
    router.add(
        Method::Post, QStringLiteral("/echo"),
        [](const QHttpServerRequest &request, const QStringList &) {
            return HttpReply::json(QJsonObject{{QStringLiteral("size"), request.body().size()}});
        });
    router.add(
        Method::Post, QStringLiteral("/upload"),
        [](const QHttpServerRequest &request, const QStringList &) {
            return HttpReply::json(QJsonObject{{QStringLiteral("size"), request.body().size()}});
        });
    router.add(Method::Get, QStringLiteral("/rate"),
               [](const QHttpServerRequest &, const QStringList &) {
                   Error error{ErrorCode::RateLimited, QStringLiteral("Slow down"), {}};
                   error.retryAfterS = 7;
                   return HttpReply::error(error);
               });
    router.add(Method::Get, QStringLiteral("/throw"),
               [](const QHttpServerRequest &, const QStringList &) -> HttpReply {
                   throw std::runtime_error("boom");
               });
    router.add(Method::Get, QStringLiteral("/evil-header"),
               [](const QHttpServerRequest &, const QStringList &) {
                   HttpReply reply = HttpReply::text("ok", "text/plain");
                   reply.headers.append(
                       {QByteArrayLiteral("X-Evil"), QByteArrayLiteral("a\r\nSet-Cookie: x=1")});
                   reply.headers.append({QByteArrayLiteral("X-Fine"), QByteArrayLiteral("yes")});
                   return reply;
               });
    // Answers after {} milliseconds from the event loop.
    router.addAsync(Method::Get, QStringLiteral("/slow/{}"),
                    [](const QHttpServerRequest &, const QStringList &args, Router::Done done) {
                        const int ms = args.first().toInt();
                        QTimer::singleShot(ms, [done, ms] {
                            done(HttpReply::json(QJsonObject{{QStringLiteral("slept"), ms}}));
                        });
                    });
    // Answers from another thread.
    router.addAsync(Method::Get, QStringLiteral("/thread"),
                    [](const QHttpServerRequest &, const QStringList &, Router::Done done) {
                        std::thread([done] {
                            done(HttpReply::json(QJsonObject{{QStringLiteral("thread"), true}}));
                        }).detach();
                    });
    // A 64 KiB answer that says which one it is.
    router.add(Method::Get, QStringLiteral("/big/{}"),
               [](const QHttpServerRequest &, const QStringList &args) {
                   ++routeStats().bigServed;
                   return HttpReply::json(
                       QJsonObject{{QStringLiteral("i"), args.first()},
                                   {QStringLiteral("pad"), QString(64 * 1024, u'p')}});
               });
    // Async, 20 ms, counting how many run at once.
    router.addAsync(Method::Get, QStringLiteral("/inflight/{}"),
                    [](const QHttpServerRequest &, const QStringList &args, Router::Done done) {
                        RouteStats &stats = routeStats();
                        stats.maxInFlight = qMax(stats.maxInFlight, ++stats.inFlight);
                        QTimer::singleShot(20, [done, i = args.first()] {
                            --routeStats().inFlight;
                            done(HttpReply::json(QJsonObject{{QStringLiteral("i"), i}}));
                        });
                    });
    // Drops its done without calling it.
    router.addAsync(Method::Get, QStringLiteral("/drop"),
                    [](const QHttpServerRequest &, const QStringList &, Router::Done) {});
}

inline EdgeLimits relaxedLimits()
{
    EdgeLimits limits;
    limits.idleTimeoutMs = 10000;
    limits.requestTimeoutMs = 10000;
    limits.bodyLimitFor = [](QByteArrayView method, QByteArrayView path) -> qint64 {
        return method == "POST" && path == "/upload" ? 4 * 1024 * 1024 : 0;
    };
    return limits;
}

// Router + ApiServer on 127.0.0.1:0, with a WebSocket echo on /ws and /ws/chat/.
class TestServer
{
public:
    explicit TestServer(EdgeLimits limits = relaxedLimits())
    {
        addTestRoutes(router);
        server = std::make_unique<ApiServer>(router, std::move(limits));
        server->setWebSocketPaths({QStringLiteral("/ws"), QStringLiteral("/ws/chat/")});
        QObject::connect(server.get(), &ApiServer::newWebSocketConnection, server.get(), [this] {
            while (server->hasPendingWebSocketConnections()) {
                std::unique_ptr<QWebSocket> ws = server->nextPendingWebSocketConnection();
                QWebSocket *socket = ws.get();
                webSocketUrls.append(socket->requestUrl());
                QObject::connect(socket, &QWebSocket::textMessageReceived, socket,
                                 [socket](const QString &message) {
                                     socket->sendTextMessage(QStringLiteral("echo:") + message);
                                 });
                webSockets.push_back(std::move(ws));
            }
        });
        ok = server->listenOn(QHostAddress::LocalHost, 0);
    }

    quint16 port() const { return server->port(); }
    QUrl url(const QString &pathAndQuery) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(pathAndQuery));
    }

    Router router;
    std::unique_ptr<ApiServer> server;
    std::vector<std::unique_ptr<QWebSocket>> webSockets;
    QList<QUrl> webSocketUrls;
    bool ok = false;
};

struct RawResponse
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(QByteArrayView name) const
    {
        for (const auto &h : headers) {
            if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }
    bool hasHeader(QByteArrayView name) const
    {
        for (const auto &h : headers) {
            if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString errorCode() const
    {
        return json()
            .value(QStringLiteral("error"))
            .toObject()
            .value(QStringLiteral("code"))
            .toString();
    }
};

// A raw HTTP/1.1 client: what the tests write is exactly what the server reads.
class RawClient
{
public:
    explicit RawClient(quint16 port)
    {
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket,
                         [this] { buffer += socket.readAll(); });
        QObject::connect(&socket, &QTcpSocket::disconnected, &socket, [this] {
            if (socket.isOpen())
                buffer += socket.readAll();
            closed = true;
        });
        socket.connectToHost(QHostAddress::LocalHost, port);
    }

    bool waitConnected(int ms = 5000)
    {
        return QTest::qWaitFor([this] { return socket.state() == QAbstractSocket::ConnectedState; },
                               ms);
    }
    void send(const QByteArray &bytes) { socket.write(bytes); }
    bool waitClosed(int ms)
    {
        return QTest::qWaitFor([this] { return closed; }, ms);
    }
    bool hasResponseBytes() const { return !buffer.isEmpty(); }

    // The next complete answer (1xx interim answers are skipped), or nullopt on timeout/close.
    std::optional<RawResponse> next(int ms = 5000)
    {
        std::optional<RawResponse> response;
        (void)QTest::qWaitFor(
            [&] {
                response = parse();
                return response.has_value() || closed;
            },
            ms);
        if (!response)
            response = parse();
        return response;
    }

    QTcpSocket socket;
    QByteArray buffer;
    bool closed = false;

private:
    std::optional<RawResponse> parse()
    {
        for (;;) {
            const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
            if (headEnd < 0)
                return std::nullopt;
            const QList<QByteArray> lines = buffer.first(headEnd).split('\n');
            RawResponse response;
            const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
            if (statusLine.size() < 2)
                return std::nullopt;
            response.status = statusLine.at(1).toInt();
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray line = lines.at(i).trimmed();
                const qsizetype colon = line.indexOf(':');
                if (colon > 0)
                    response.headers.append({line.first(colon), line.sliced(colon + 1).trimmed()});
            }
            const qint64 length = response.header("content-length").toLongLong();
            if (buffer.size() < headEnd + 4 + length)
                return std::nullopt;
            response.body = buffer.mid(headEnd + 4, length);
            buffer.remove(0, headEnd + 4 + length);
            if (response.status >= 100 && response.status < 200)
                continue;
            return response;
        }
    }
};

struct NamResult
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;

    QByteArray header(QByteArrayView name) const
    {
        for (const auto &h : headers) {
            if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString errorCode() const
    {
        return json()
            .value(QStringLiteral("error"))
            .toObject()
            .value(QStringLiteral("code"))
            .toString();
    }
};

inline NamResult namRequest(QNetworkAccessManager &nam, const QByteArray &verb, const QUrl &url,
                            const QByteArray &body = {}, int ms = 10000)
{
    QNetworkRequest request(url);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
    QPointer<QNetworkReply> reply = nam.sendCustomRequest(request, verb, body);
    NamResult result;
    if (!QTest::qWaitFor([&] { return !reply || reply->isFinished(); }, ms) || !reply) {
        result.error = QNetworkReply::TimeoutError;
        if (reply)
            reply->abort();
        return result;
    }
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.error = reply->error();
    result.body = reply->readAll();
    result.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return result;
}

} // namespace edgetest
