// ApiServer behaviour for well-behaved clients: routing, JSON answers and headers, async
// handlers, keep-alive and pipelining, Connection: close / HTTP/1.0, WebSocket upgrades.

#include "EdgeTestSupport.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSignalSpy>

using namespace edgetest;

class TestEdgeServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>();
        QVERIFY(m_server->ok);
        QVERIFY(m_server->port() != 0);
    }
    void cleanupTestCase() { m_server.reset(); }

    void routing_data()
    {
        QTest::addColumn<QByteArray>("verb");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("errorCode");
        QTest::addColumn<QStringList>("args"); // checked when the answer has "args"
        QTest::addColumn<QByteArray>("headerName");
        QTest::addColumn<QByteArray>("headerValue");

        const QStringList none;
        QTest::addRow("ping") << QByteArray("GET") << QByteArray("/ping") << 200 << QString()
                              << none << QByteArray() << QByteArray();
        QTest::addRow("no trailing slash") << QByteArray("GET") << QByteArray("/api/items") << 200
                                           << QString() << none << QByteArray() << QByteArray();
        QTest::addRow("trailing slash") << QByteArray("GET") << QByteArray("/api/items/") << 200
                                        << QString() << none << QByteArray() << QByteArray();
        QTest::addRow("query ignored") << QByteArray("GET") << QByteArray("/api/items/?a=1&b=/x")
                                       << 200 << QString() << none << QByteArray() << QByteArray();
        QTest::addRow("arg") << QByteArray("GET") << QByteArray("/api/items/CHAT20261121AB12CD34")
                             << 200 << QString() << QStringList{u"CHAT20261121AB12CD34"_qs}
                             << QByteArray() << QByteArray();
        QTest::addRow("arg, trailing slash")
            << QByteArray("GET") << QByteArray("/api/items/abc/") << 200 << QString()
            << QStringList{u"abc"_qs} << QByteArray() << QByteArray();
        QTest::addRow("arg, percent-encoded")
            << QByteArray("GET") << QByteArray("/api/items/a%20b") << 200 << QString()
            << QStringList{u"a b"_qs} << QByteArray() << QByteArray();
        QTest::addRow("args, encoded slash and ?")
            << QByteArray("GET") << QByteArray("/api/items/a%2Fb/parts/c%3Fd/") << 200 << QString()
            << QStringList{u"a/b"_qs, u"c?d"_qs} << QByteArray() << QByteArray();
        QTest::addRow("arg, utf-8")
            << QByteArray("GET") << QByteArray("/api/items/%C3%A9t%C3%A9") << 200 << QString()
            << QStringList{u"été"_qs} << QByteArray() << QByteArray();
        QTest::addRow("post 201") << QByteArray("POST") << QByteArray("/api/items/") << 201
                                  << QString() << none << QByteArray() << QByteArray();
        QTest::addRow("delete 204") << QByteArray("DELETE") << QByteArray("/api/items/x") << 204
                                    << QString() << none << QByteArray() << QByteArray();
        QTest::addRow("unknown path") << QByteArray("GET") << QByteArray("/nope") << 404
                                      << u"not_found"_qs << none << QByteArray() << QByteArray();
        QTest::addRow("too deep") << QByteArray("GET") << QByteArray("/api/items/a/b") << 404
                                  << u"not_found"_qs << none << QByteArray() << QByteArray();
        QTest::addRow("empty arg") << QByteArray("GET") << QByteArray("/api/items//parts/x") << 404
                                   << u"not_found"_qs << none << QByteArray() << QByteArray();
        QTest::addRow("405 list") << QByteArray("PUT") << QByteArray("/api/items") << 405
                                  << u"method_not_allowed"_qs << none << QByteArray("Allow")
                                  << QByteArray("GET, HEAD, POST");
        QTest::addRow("405 item") << QByteArray("PATCH") << QByteArray("/api/items/x/") << 405
                                  << u"method_not_allowed"_qs << none << QByteArray("Allow")
                                  << QByteArray("GET, HEAD, DELETE");
        QTest::addRow("rate limited")
            << QByteArray("GET") << QByteArray("/rate") << 429 << u"rate_limited"_qs << none
            << QByteArray("Retry-After") << QByteArray("7");
        QTest::addRow("handler throws") << QByteArray("GET") << QByteArray("/throw") << 500
                                        << u"internal"_qs << none << QByteArray() << QByteArray();
        QTest::addRow("handler drops done")
            << QByteArray("GET") << QByteArray("/drop") << 500 << u"internal"_qs << none
            << QByteArray() << QByteArray();
        QTest::addRow("async later") << QByteArray("GET") << QByteArray("/slow/80") << 200
                                     << QString() << none << QByteArray() << QByteArray();
        QTest::addRow("async from a thread") << QByteArray("GET") << QByteArray("/thread") << 200
                                             << QString() << none << QByteArray() << QByteArray();
    }
    void routing()
    {
        QFETCH(QByteArray, verb);
        QFETCH(QByteArray, path);
        QFETCH(int, status);
        QFETCH(QString, errorCode);
        QFETCH(QStringList, args);
        QFETCH(QByteArray, headerName);
        QFETCH(QByteArray, headerValue);

        const NamResult result =
            namRequest(m_nam, verb, QUrl::fromEncoded(m_server->url(QString()).toEncoded() + path));
        QCOMPARE(result.status, status);
        QCOMPARE(result.errorCode(), errorCode);
        if (!errorCode.isEmpty()) {
            const QJsonObject error = result.json().value(u"error"_qs).toObject();
            QVERIFY(!error.value(u"message"_qs).toString().isEmpty());
        }
        if (result.json().contains(u"args"_qs)) {
            QStringList got;
            for (const QJsonValue &v : result.json().value(u"args"_qs).toArray())
                got.append(v.toString());
            QCOMPARE(got, args);
        }
        if (!headerName.isEmpty())
            QCOMPARE(result.header(headerName), headerValue);
        if (status == 204)
            QVERIFY(result.body.isEmpty());
    }

    void jsonAnswersCarryStandardHeaders()
    {
        const NamResult result = namRequest(m_nam, "GET", m_server->url(u"/ping"_qs));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.body, QByteArray(R"({"pong":true})"));
        QCOMPARE(result.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(result.header("X-Content-Type-Options"), QByteArray("nosniff"));
        QCOMPARE(result.header("Cache-Control"), QByteArray("no-store"));

        const NamResult missing = namRequest(m_nam, "GET", m_server->url(u"/missing"_qs));
        QCOMPARE(missing.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(missing.header("Cache-Control"), QByteArray("no-store"));
        QVERIFY(!missing.body.contains('\n'));
        QVERIFY(!missing.body.contains("\": "));
    }

    void unsafeHandlerHeaderIsDropped()
    {
        RawClient client(m_server->port());
        client.send("GET /evil-header HTTP/1.1\r\nHost: x\r\n\r\n");
        const auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->header("X-Fine"), QByteArray("yes"));
        QVERIFY(!response->hasHeader("X-Evil"));
        QVERIFY(!response->hasHeader("Set-Cookie"));
        QCOMPARE(response->header("Content-Type"), QByteArray("text/plain"));
        QVERIFY(!response->hasHeader("Cache-Control"));
    }

    void headRunsGetWithoutBody()
    {
        RawClient client(m_server->port());
        client.send("HEAD /ping HTTP/1.1\r\nHost: x\r\n\r\nGET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY(QTest::qWaitFor([&] { return client.buffer.count("HTTP/1.1 200") == 2; }, 5000));
        // The HEAD answer announces the GET body's length but carries no body.
        const qsizetype second = client.buffer.indexOf("HTTP/1.1 200", 1);
        const QByteArray head = client.buffer.first(second);
        QVERIFY(head.contains("Content-Length: 13\r\n"));
        QVERIFY(head.endsWith("\r\n\r\n"));
        QVERIFY(client.buffer.endsWith(R"({"pong":true})"));
    }

    void keepAliveServesManyRequests()
    {
        RawClient client(m_server->port());
        QVERIFY(client.waitConnected());
        for (int i = 0; i < 100; ++i) {
            client.send("GET /api/items/" + QByteArray::number(i) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            const auto response = client.next();
            QVERIFY2(response, qPrintable(QStringLiteral("request %1").arg(i)));
            QCOMPARE(response->status, 200);
            QCOMPARE(response->json().value(u"args"_qs).toArray().first().toString(),
                     QString::number(i));
            QVERIFY(!response->hasHeader("Connection"));
        }
        QVERIFY(!client.closed);
    }

    void keepAliveWithBodies()
    {
        RawClient client(m_server->port());
        const QByteArray body(300 * 1024, 'b');
        for (int i = 0; i < 20; ++i) {
            client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                        QByteArray::number(body.size()) + "\r\n\r\n" + body);
            const auto response = client.next();
            QVERIFY(response);
            QCOMPARE(response->status, 200);
            QCOMPARE(response->json().value(u"size"_qs).toInt(), body.size());
        }
        QVERIFY(!client.closed);
    }

    void pipelinedAnswersKeepRequestOrder()
    {
        RawClient client(m_server->port());
        client.send("GET /slow/150 HTTP/1.1\r\nHost: x\r\n\r\n"
                    "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n"
                    "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                    "GET /slow/10 HTTP/1.1\r\nHost: x\r\n\r\n"
                    "\r\nGET /api/items/last HTTP/1.1\r\nHost: x\r\n\r\n");
        const auto a = client.next();
        const auto b = client.next();
        const auto c = client.next();
        const auto d = client.next();
        const auto e = client.next();
        QVERIFY(a && b && c && d && e);
        QCOMPARE(a->json().value(u"slept"_qs).toInt(), 150);
        QCOMPARE(b->json().value(u"pong"_qs).toBool(), true);
        QCOMPARE(c->json().value(u"size"_qs).toInt(), 3);
        QCOMPARE(d->json().value(u"slept"_qs).toInt(), 10);
        QCOMPARE(e->json().value(u"args"_qs).toArray().first().toString(), u"last"_qs);
        QVERIFY(!client.closed);
    }

    void nonReadingClientIsHeldBack()
    {
        // 400 pipelined requests for 64 KiB answers from a client that reads nothing: the
        // server must stop taking requests once answers pile up, then serve them all, in order,
        // when the client reads.
        QTcpSocket client;
        client.setReadBufferSize(16);
        client.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(client.waitForConnected(5000));
        const int count = 400;
        QByteArray requests;
        for (int i = 0; i < count; ++i)
            requests += "GET /big/" + QByteArray::number(i) + " HTTP/1.1\r\n\r\n";
        const int before = routeStats().bigServed;
        client.write(requests);
        QTest::qWait(800);
        const int served = routeStats().bigServed - before;
        qInfo("answers produced for a client that reads nothing: %d of %d", served, count);
        QVERIFY2(served < count / 2, "answers were buffered without bound");

        client.setReadBufferSize(0);
        QByteArray received;
        int parsed = 0;
        bool inOrder = true;
        QVERIFY(spinUntil(
            [&] {
                received += client.readAll();
                for (;;) {
                    const qsizetype headEnd = received.indexOf("\r\n\r\n");
                    if (headEnd < 0)
                        break;
                    const qsizetype lengthAt = received.indexOf("Content-Length: ");
                    const qint64 length =
                        received
                            .mid(lengthAt + 16, received.indexOf('\r', lengthAt) - lengthAt - 16)
                            .toLongLong();
                    if (received.size() < headEnd + 4 + length)
                        break;
                    const QJsonObject json =
                        QJsonDocument::fromJson(received.mid(headEnd + 4, length)).object();
                    inOrder = inOrder && json.value(u"i"_qs).toString() == QString::number(parsed);
                    ++parsed;
                    received.remove(0, headEnd + 4 + length);
                }
                return parsed == count;
            },
            30000));
        QVERIFY(inOrder);
    }

    void pipelinedAsyncWorkIsBounded()
    {
        RawClient client(m_server->port());
        QByteArray requests;
        for (int i = 0; i < 100; ++i)
            requests += "GET /inflight/" + QByteArray::number(i) + " HTTP/1.1\r\n\r\n";
        routeStats().maxInFlight = 0;
        client.send(requests);
        for (int i = 0; i < 100; ++i) {
            const auto response = client.next();
            QVERIFY(response);
            QCOMPARE(response->json().value(u"i"_qs).toString(), QString::number(i));
        }
        QVERIFY2(routeStats().maxInFlight <= 32,
                 qPrintable(QString::number(routeStats().maxInFlight)));
        QVERIFY(routeStats().maxInFlight > 1); // pipelined requests do run concurrently
    }

    void connectionEnd_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("connectionHeader");
        QTest::addColumn<bool>("closes");
        QTest::addRow("1.1 keep-alive")
            << QByteArray("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n") << QByteArray() << false;
        QTest::addRow("1.1 close") << QByteArray("GET /ping HTTP/1.1\r\nConnection: close\r\n\r\n")
                                   << QByteArray("close") << true;
        QTest::addRow("1.0") << QByteArray("GET /ping HTTP/1.0\r\n\r\n") << QByteArray("close")
                             << true;
        QTest::addRow("1.0 keep-alive")
            << QByteArray("GET /ping HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            << QByteArray("keep-alive") << false;
        QTest::addRow("close, pipelined rest dropped")
            << QByteArray("GET /ping HTTP/1.1\r\nConnection: close\r\n\r\n"
                          "GET /api/items/x HTTP/1.1\r\n\r\n")
            << QByteArray("close") << true;
        QTest::addRow("async, close")
            << QByteArray("GET /slow/50 HTTP/1.1\r\nConnection: close\r\n\r\n")
            << QByteArray("close") << true;
    }
    void connectionEnd()
    {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, connectionHeader);
        QFETCH(bool, closes);
        RawClient client(m_server->port());
        client.send(request);
        const auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->header("Connection"), connectionHeader);
        if (closes) {
            QVERIFY(client.waitClosed(3000));
            QVERIFY(client.buffer.isEmpty()); // nothing after the answer
        } else {
            QTest::qWait(100);
            QVERIFY(!client.closed);
            client.send(request);
            QVERIFY(client.next());
        }
    }

    void expectContinue()
    {
        RawClient client(m_server->port());
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                    "Content-Length: 10\r\n\r\n");
        QVERIFY(QTest::qWaitFor([&] { return client.buffer.contains("\r\n\r\n"); }, 5000));
        QVERIFY(client.buffer.startsWith("HTTP/1.1 100 Continue\r\n\r\n"));
        client.send("0123456789");
        const auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->json().value(u"size"_qs).toInt(), 10);
    }

    void clientLeavesBeforeAsyncAnswer_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addRow("event loop") << QByteArray("/slow/150");
        QTest::addRow("pipelined behind async") << QByteArray("/slow/150");
    }
    void clientLeavesBeforeAsyncAnswer()
    {
        QFETCH(QByteArray, path);
        {
            RawClient client(m_server->port());
            QByteArray request = "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n";
            if (QByteArray(QTest::currentDataTag()).startsWith("pipelined"))
                request += "GET /ping HTTP/1.1\r\n\r\nGET /slow/100 HTTP/1.1\r\n\r\n";
            client.send(request);
            QTest::qWait(40); // the server has the request(s) and is waiting on the handler
            client.socket.abort();
        }
        QTest::qWait(300); // the answers come due for a socket that is gone
        const NamResult after = namRequest(m_nam, "GET", m_server->url(u"/ping"_qs));
        QCOMPARE(after.status, 200);
    }

    void webSocketUpgradeEchoes()
    {
        EdgeLimits limits = relaxedLimits();
        limits.idleTimeoutMs = 300;
        limits.requestTimeoutMs = 300;
        TestServer server(limits);
        QVERIFY(server.ok);

        QWebSocket client;
        QSignalSpy received(&client, &QWebSocket::textMessageReceived);
        client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?x=1").arg(server.port())));
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), QAbstractSocket::ConnectedState, 5000);
        client.sendTextMessage(u"hello"_qs);
        QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, 5000);
        QCOMPARE(received.at(0).at(0).toString(), u"echo:hello"_qs);

        QCOMPARE(server.webSocketUrls.size(), 1);
        QCOMPARE(server.webSocketUrls.first().path(), u"/ws"_qs);
        QCOMPARE(server.webSocketUrls.first().query(), u"x=1"_qs);

        // Well past the HTTP idle and request timeouts: the guard let go of this socket.
        QTest::qWait(limits.idleTimeoutMs * 3);
        QCOMPARE(client.state(), QAbstractSocket::ConnectedState);
        client.sendTextMessage(u"again"_qs);
        QTRY_COMPARE_WITH_TIMEOUT(received.size(), 2, 5000);
        QCOMPARE(received.at(1).at(0).toString(), u"echo:again"_qs);
        client.close();
    }

    void webSocketPrefixPath()
    {
        QWebSocket client;
        QSignalSpy received(&client, &QWebSocket::textMessageReceived);
        const int before = m_server->webSocketUrls.size();
        client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws/chat/CHAT20261121AB12CD34/?token=t")
                             .arg(m_server->port())));
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), QAbstractSocket::ConnectedState, 5000);
        client.sendTextMessage(u"hi"_qs);
        QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, 5000);
        QCOMPARE(m_server->webSocketUrls.size(), before + 1);
        QCOMPARE(m_server->webSocketUrls.last().path(), u"/ws/chat/CHAT20261121AB12CD34/"_qs);
        client.close();
    }

    void webSocketOnOtherPathIsRefused()
    {
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(u"WebSocket received but no slots connected"_qs));
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(u"WebSocket received but no slots connected"_qs));
        QWebSocket client;
        const int before = m_server->webSocketUrls.size();
        QSignalSpy disconnected(&client, &QWebSocket::disconnected);
        client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/api/items").arg(m_server->port())));
        QTRY_VERIFY_WITH_TIMEOUT(
            client.state() == QAbstractSocket::UnconnectedState &&
                (disconnected.size() > 0 || client.error() != QAbstractSocket::UnknownSocketError),
            5000);
        QCOMPARE(m_server->webSocketUrls.size(), before);

        // The raw view: a JSON 404 and the connection closes.
        RawClient raw(m_server->port());
        raw.send(
            "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        const auto response = raw.next();
        QVERIFY(response);
        QCOMPARE(response->status, 404);
        QCOMPARE(response->errorCode(), u"not_found"_qs);
        QVERIFY(raw.waitClosed(3000));
    }

private:
    std::unique_ptr<TestServer> m_server;
    QNetworkAccessManager m_nam;
};

QTEST_GUILESS_MAIN(TestEdgeServer)
#include "tst_edge_server.moc"
