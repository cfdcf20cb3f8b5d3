// Units of the HTTP edge that need no socket: HttpReply, Router::splitPath, RequestFramer.

#include "http/HttpReply.h"
#include "http/RequestFramer.h"
#include "http/ResponseHead.h"
#include "http/Router.h"

#include <QJsonDocument>
#include <QTest>

using parley::Error;
using parley::ErrorCode;
using parley::http::HttpReply;
using parley::http::RequestFramer;
using parley::http::RequestHead;
using parley::http::ResponseOptions;
using parley::http::Router;

namespace {

struct Framed
{
    QList<qint64> requestSizes;
    int heads = 0;
    RequestFramer::Failure failure = RequestFramer::Failure::None;
    RequestHead lastHead;
};

// Feeds the pieces one after the other, like readyRead would.
Framed frame(const QList<QByteArray> &pieces, int maxUrl = 64, int maxHeader = 256)
{
    RequestFramer framer(maxUrl, maxHeader);
    Framed out;
    for (const QByteArray &piece : pieces) {
        QByteArrayView rest(piece);
        for (;;) {
            const auto step = framer.advance(rest);
            rest = rest.sliced(step.consumed);
            if (step.event == RequestFramer::Event::NeedMore)
                break;
            if (step.event == RequestFramer::Event::HeadComplete) {
                ++out.heads;
                out.lastHead = framer.head();
            } else if (step.event == RequestFramer::Event::RequestComplete) {
                out.requestSizes.append(step.requestBytes);
            } else {
                out.failure = framer.failure();
                return out;
            }
        }
    }
    return out;
}

QList<QByteArray> bytewise(const QByteArray &data)
{
    QList<QByteArray> out;
    for (char c : data)
        out.append(QByteArray(1, c));
    return out;
}

} // namespace

class TestEdgeUnits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void replyJsonIsCompact()
    {
        const HttpReply reply = HttpReply::json(
            QJsonObject{{QStringLiteral("a"), 1}, {QStringLiteral("b"), QJsonArray{1, 2}}}, 201);
        QCOMPARE(reply.status, 201);
        QCOMPARE(reply.contentType, QByteArray("application/json"));
        QCOMPARE(reply.body, QByteArray(R"({"a":1,"b":[1,2]})"));
        QCOMPARE(HttpReply::json(QJsonArray{1, 2}).body, QByteArray("[1,2]"));
    }

    void replyError_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("field");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addRow("not found") << int(ErrorCode::NotFound) << QString() << 404
                                   << QByteArray(R"({"error":{"code":"not_found","message":"m"}})");
        QTest::addRow("validation")
            << int(ErrorCode::ValidationFailed) << QStringLiteral("name") << 400
            << QByteArray(R"({"error":{"code":"validation_failed","field":"name","message":"m"}})");
        QTest::addRow("payload") << int(ErrorCode::PayloadTooLarge) << QString() << 413
                                 << QByteArray(
                                        R"({"error":{"code":"payload_too_large","message":"m"}})");
    }
    void replyError()
    {
        QFETCH(int, code);
        QFETCH(QString, field);
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        const HttpReply reply =
            HttpReply::error(Error{static_cast<ErrorCode>(code), QStringLiteral("m"), field});
        QCOMPARE(reply.status, status);
        QCOMPARE(reply.body, body);
        QVERIFY(reply.headers.isEmpty());
    }

    void replyRateLimitedHasRetryAfter()
    {
        Error error{ErrorCode::RateLimited, QStringLiteral("slow"), {}};
        error.retryAfterS = 12;
        const HttpReply reply = HttpReply::error(error);
        QCOMPARE(reply.status, 429);
        QCOMPARE(reply.headers.size(), 1);
        QCOMPARE(reply.headers.first().first, QByteArray("Retry-After"));
        QCOMPARE(reply.headers.first().second, QByteArray("12"));
    }

    void replyNoContent()
    {
        const HttpReply reply = HttpReply::noContent();
        QCOMPARE(reply.status, 204);
        QVERIFY(reply.body.isEmpty());
        const QByteArray wire = parley::http::encodeResponse(reply, ResponseOptions{});
        QVERIFY(wire.startsWith("HTTP/1.1 204 No Content\r\n"));
        QVERIFY(!wire.contains("Content-Length"));
        QVERIFY(wire.endsWith("\r\n\r\n"));
    }

    void encodedResponseHeaders()
    {
        ResponseOptions options;
        options.closeConnection = true;
        const QByteArray wire = parley::http::encodeResponse(
            HttpReply::error(Error::badRequest(QStringLiteral("x"))), options);
        QVERIFY(wire.startsWith("HTTP/1.1 400 Bad Request\r\n"));
        QVERIFY(wire.contains("\r\nContent-Type: application/json\r\n"));
        QVERIFY(wire.contains("\r\nX-Content-Type-Options: nosniff\r\n"));
        QVERIFY(wire.contains("\r\nCache-Control: no-store\r\n"));
        QVERIFY(wire.contains("\r\nConnection: close\r\n"));
        QVERIFY(wire.endsWith(R"({"error":{"code":"bad_request","message":"x"}})"));
    }

    void splitPath_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QStringList>("segments");
        QTest::addRow("root") << QStringLiteral("/") << QStringList{};
        QTest::addRow("plain") << QStringLiteral("/a/b") << QStringList{u"a"_qs, u"b"_qs};
        QTest::addRow("trailing slash") << QStringLiteral("/a/b/") << QStringList{u"a"_qs, u"b"_qs};
        QTest::addRow("space") << QStringLiteral("/a/x%20y") << QStringList{u"a"_qs, u"x y"_qs};
        QTest::addRow("encoded slash stays")
            << QStringLiteral("/a/x%2Fy") << QStringList{u"a"_qs, u"x/y"_qs};
        QTest::addRow("utf-8") << QStringLiteral("/a/%C3%A9") << QStringList{u"a"_qs, u"é"_qs};
        QTest::addRow("empty middle")
            << QStringLiteral("/a//b") << QStringList{u"a"_qs, u""_qs, u"b"_qs};
    }
    void splitPath()
    {
        QFETCH(QString, path);
        QFETCH(QStringList, segments);
        QCOMPARE(Router::splitPath(path), segments);
    }

    void framerSplitsRequests_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QList<qint64>>("sizes");
        const QByteArray get = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
        const QByteArray post = "POST /b HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello";
        QTest::addRow("get") << get << QList<qint64>{get.size()};
        QTest::addRow("post with body") << post << QList<qint64>{post.size()};
        QTest::addRow("pipelined")
            << get + post + get << QList<qint64>{get.size(), post.size(), get.size()};
        QTest::addRow("blank lines before")
            << QByteArray("\r\n\r\n") + get << QList<qint64>{get.size() + 4};
        QTest::addRow("lf only") << QByteArray("GET / HTTP/1.1\nA: b\n\n") << QList<qint64>{21};
        QTest::addRow("no headers") << QByteArray("GET / HTTP/1.0\r\n\r\n") << QList<qint64>{18};
        QTest::addRow("partial body")
            << QByteArray("POST /b HTTP/1.1\r\nContent-Length: 5\r\n\r\nhel") << QList<qint64>{};
    }
    void framerSplitsRequests()
    {
        QFETCH(QByteArray, input);
        QFETCH(QList<qint64>, sizes);
        const Framed whole = frame({input});
        QCOMPARE(whole.failure, RequestFramer::Failure::None);
        QCOMPARE(whole.requestSizes, sizes);
        const Framed trickled = frame(bytewise(input));
        QCOMPARE(trickled.failure, RequestFramer::Failure::None);
        QCOMPARE(trickled.requestSizes, sizes);
    }

    void framerFailures_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<RequestFramer::Failure>("failure");
        using F = RequestFramer::Failure;
        QTest::addRow("url too long, line unfinished")
            << QByteArray("GET /") + QByteArray(80, 'a') << F::UrlTooLong;
        QTest::addRow("head too large")
            << QByteArray("GET / HTTP/1.1\r\n") + QByteArray("X: ") + QByteArray(300, 'a')
            << F::HeadTooLarge;
        QTest::addRow("many headers")
            << QByteArray("GET / HTTP/1.1\r\n") + QByteArray("X: y\r\n").repeated(60)
            << F::HeadTooLarge;
        QTest::addRow("no version") << QByteArray("GET /\r\n\r\n") << F::Malformed;
        QTest::addRow("http/2") << QByteArray("GET / HTTP/2.0\r\n\r\n") << F::Malformed;
        QTest::addRow("garbage") << QByteArray("\x16\x03\x01 hello\r\n\r\n") << F::Malformed;
        QTest::addRow("tls hello, no line end") << QByteArray("\x16\x03\x01\x02") << F::Malformed;
        QTest::addRow("header without colon")
            << QByteArray("GET / HTTP/1.1\r\nnocolon\r\n\r\n") << F::Malformed;
        QTest::addRow("folded header")
            << QByteArray("GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n") << F::Malformed;
        QTest::addRow("two lengths")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
            << F::Malformed;
        QTest::addRow("bad length")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") << F::Malformed;
        QTest::addRow("control in target")
            << QByteArray("GET /a\x01 HTTP/1.1\r\n\r\n") << F::Malformed;
        QTest::addRow("endless blank lines") << QByteArray(300, '\n') << F::Malformed;
    }
    void framerFailures()
    {
        QFETCH(QByteArray, input);
        QFETCH(RequestFramer::Failure, failure);
        QCOMPARE(frame({input}).failure, failure);
        QCOMPARE(frame(bytewise(input)).failure, failure);
    }

    void framerHeadFields()
    {
        Framed f = frame({"POST /up/x?y=1 HTTP/1.0\r\nConnection: Keep-Alive\r\n"
                          "Content-Length: 0\r\nExpect: 100-continue\r\n\r\n"});
        QCOMPARE(f.heads, 1);
        QCOMPARE(f.lastHead.method, QByteArray("POST"));
        QCOMPARE(f.lastHead.path, QByteArray("/up/x"));
        QCOMPARE(f.lastHead.target, QByteArray("/up/x?y=1"));
        QCOMPARE(f.lastHead.minorVersion, 0);
        QVERIFY(!f.lastHead.wantsClose());
        QVERIFY(f.lastHead.wantsKeepAliveHeader());
        QVERIFY(f.lastHead.expectContinue);

        f = frame({"GET / HTTP/1.0\r\n\r\n"});
        QVERIFY(f.lastHead.wantsClose());
        f = frame({"GET / HTTP/1.1\r\nConnection: close\r\n\r\n"});
        QVERIFY(f.lastHead.wantsClose());
        f = frame({"GET / HTTP/1.1\r\n\r\n"});
        QVERIFY(!f.lastHead.wantsClose());
        f = frame(
            {"GET /ws HTTP/1.1\r\nConnection: keep-alive, Upgrade\r\nUpgrade: WebSocket\r\n\r\n"});
        QVERIFY(f.lastHead.isWebSocketUpgrade());
        f = frame({"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"});
        QVERIFY(f.lastHead.transferEncoding);
        f = frame({"POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n"});
        QCOMPARE(f.lastHead.contentLength, std::numeric_limits<qint64>::max());
    }
};

QTEST_GUILESS_MAIN(TestEdgeUnits)
#include "tst_edge_units.moc"
