// The server's own RFC 6455 layer for plain-TCP WebSockets (server/websocket/): it is the path
// taken (and QWebSocket's with PARLEY_RAW_WEBSOCKETS=0), and the parts of the RFC the other
// suites do not reach: fragmentation, control frames between fragments, UTF-8 validation (1007),
// protocol errors (1002), the 64 KiB bound across fragments (1009), the close handshake started
// by the client, frames sent before the 101, refused handshakes (400, 426), and a reader that
// falls behind (output written in pieces; past 4 MiB unsent, closed with 1013).
#include "RawWsClient.h"
#include "WsTest.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QUuid>

#include <algorithm>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

// Polls `client` until a text frame of this type (and ref, when given) arrived.
QJsonObject waitText(RawWsClient &client, const QString &type, const QString &ref = {},
                     int timeoutMs = 5000)
{
    const QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        for (const QJsonObject &frame : client.textFrames()) {
            if (frame.value(u"type"_s).toString() == type &&
                (ref.isEmpty() || frame.value(u"ref"_s).toString() == ref))
                return frame;
        }
        if (deadline.hasExpired() || client.tcpClosed())
            return {};
        client.poll(50);
    }
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// What the kernel may hold for a reader that does not read, at most: the server's send buffer
// grows up to tcp_wmem's maximum, the reader's receive buffer keeps tcp_rmem's default.
qint64 kernelBufferBytes()
{
    const auto setting = [](const QString &name, int field, qint64 fallback) {
        QFile file(u"/proc/sys/net/ipv4/"_s + name);
        if (!file.open(QIODevice::ReadOnly))
            return fallback;
        return std::max(fallback, file.readAll().simplified().split(' ').value(field).toLongLong());
    };
    return setting(u"tcp_wmem"_s, 2, 4 << 20) + setting(u"tcp_rmem"_s, 1, 128 << 10);
}

// A message's content: its number, then filler up to the longest text a message may have.
QString numberedContent(int number)
{
    const QString head = QString::number(number) + u':';
    return head + QString(4000 - head.size(), u'x');
}

// Sends `count` messages numbered from 0, at most 50 unacknowledged, reading the acks as they
// come: the sender keeps up, whoever else reads the room. True when every one was acknowledged.
bool sendNumbered(RawWsClient &sender, const QString &roomId, int count)
{
    int acked = 0;
    int sent = 0;
    qsizetype seen = 0; // frames counted already
    const QDeadlineTimer deadline(60000);
    while (acked < count && !deadline.hasExpired() && !sender.tcpClosed()) {
        while (sent < count && sent - acked < 50) {
            if (!sender.sendJson(sendFrame(roomId,
                                           QUuid::createUuid().toString(QUuid::WithoutBraces),
                                           numberedContent(sent))))
                return false;
            ++sent;
        }
        sender.poll(50);
        const QList<QJsonObject> frames = sender.textFrames();
        for (; seen < frames.size(); ++seen)
            acked += frames.at(seen).value(u"type"_s).toString() == u"ack"_s;
    }
    return acked == count;
}

// The "message" frames `reader` got, in order: an empty string when they are the messages
// numbered 0, 1, 2, ... with consecutive seqs and their whole content, else what is wrong.
QString checkNumberedRun(const RawWsClient &reader, int *count)
{
    *count = 0;
    qint64 firstSeq = 0;
    for (const QJsonObject &frame : reader.textFrames()) {
        if (frame.value(u"type"_s).toString() != u"message"_s)
            continue;
        const QJsonObject message = frame.value(u"message"_s).toObject();
        const qint64 seq = message.value(u"seq"_s).toInteger();
        if (*count == 0)
            firstSeq = seq;
        if (seq != firstSeq + *count)
            return u"message %1 has seq %2, expected %3"_s.arg(*count).arg(seq).arg(firstSeq +
                                                                                    *count);
        if (message.value(u"content"_s).toString() != numberedContent(*count))
            return u"message %1 (seq %2) has other content"_s.arg(*count).arg(seq);
        ++*count;
    }
    return {};
}

} // namespace

class tst_WsRaw : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void plainTcpTakesTheRawLayer();
    void qwebsocketWhenSwitchedOff();
    void fragmentedMessageWithPingBetween();
    void framesSentBeforeThe101();
    void failures_data();
    void failures();
    void clientStartsTheCloseHandshake_data();
    void clientStartsTheCloseHandshake();
    void refusedHandshakes_data();
    void refusedHandshakes();
    void readerThatFallsBehind_data();
    void readerThatFallsBehind();

private:
    // A raw client on `server` that got its hello.
    bool openChat(RawWsClient &client, TestServer &server, const Session &as);

    TestServer m_server;
    ApiClient m_api{&m_server};
    Session m_alice;
    QString m_room;
};

void tst_WsRaw::initTestCase()
{
    const auto dumpLog = qScopeGuard([this] { m_server.dumpLogIfFailed(); });
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_alice = m_api.registerUser(uniqueName(u"alice"_s));
    RETURN_IF_FAILED();
    m_room = openGroupRoom(m_api, m_alice, {}, u"raw"_s);
}

void tst_WsRaw::cleanup()
{
    m_server.dumpLogIfFailed();
}

bool tst_WsRaw::openChat(RawWsClient &client, TestServer &server, const Session &as)
{
    if (!client.open(server.port(), u"/ws?token="_s + as.access)) {
        qWarning("upgrade failed: %s", qPrintable(client.statusLine()));
        return false;
    }
    return !waitText(client, u"hello"_s).isEmpty();
}

void tst_WsRaw::plainTcpTakesTheRawLayer()
{
    const double before = metricValue(m_api, u"parley_ws_raw_connections"_s);
    QVERIFY(before >= 0);
    RawWsClient client;
    QVERIFY2(openChat(client, m_server, m_alice), qPrintable(client.describe()));
    // Our answer carries the four lines RFC 6455 asks for and none of QtWebSockets' extras.
    QVERIFY2(!client.headers().contains("Server:"), client.headers().constData());
    QCOMPARE(metricValue(m_api, u"parley_ws_raw_connections"_s), before + 1);
}

void tst_WsRaw::qwebsocketWhenSwitchedOff()
{
    TestServer server;
    server.setEnv(u"PARLEY_RAW_WEBSOCKETS"_s, u"0"_s);
    const auto dumpLog = qScopeGuard([&server] { server.dumpLogIfFailed(); });
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    ApiClient api(&server);
    const Session bob = api.registerUser(uniqueName(u"bob"_s));
    RETURN_IF_FAILED();
    RawWsClient client;
    QVERIFY2(openChat(client, server, bob), qPrintable(client.describe()));
    QVERIFY2(client.headers().contains("Server:"), client.headers().constData());
    QCOMPARE(metricValue(api, u"parley_ws_raw_connections"_s), 0.0);
    QVERIFY(metricValue(api, u"parley_ws_connections"_s) >= 1);
}

void tst_WsRaw::fragmentedMessageWithPingBetween()
{
    RawWsClient client;
    QVERIFY2(openChat(client, m_server, m_alice), qPrintable(client.describe()));
    const QString content = u"fragments: caf\u00e9 \u20ac end"_s;
    const QByteArray json = compact(
        sendFrame(m_room, QUuid::createUuid().toString(QUuid::WithoutBraces), content, u"frag"_s));
    // Cut inside the three bytes of the euro sign: UTF-8 is checked on the whole message.
    const qsizetype euro = json.indexOf("\xe2\x82\xac");
    QVERIFY(euro > 0);
    QByteArray bytes = RawWsClient::frame(0x1, json.left(euro + 1), false);
    bytes += RawWsClient::frame(0x9, "between");
    bytes += RawWsClient::frame(0x0, json.mid(euro + 1, 1), false);
    bytes += RawWsClient::frame(0x0, json.mid(euro + 2));
    QVERIFY(client.sendRaw(bytes));
    const QJsonObject ack = waitText(client, u"ack"_s, u"frag"_s);
    QVERIFY2(!ack.isEmpty(), qPrintable(client.describe()));
    QCOMPARE(ack.value(u"message"_s).toObject().value(u"content"_s).toString(), content);
    QVERIFY(client.pongsReceived().contains("between"));
    QVERIFY(!client.closeFrameReceived());
}

void tst_WsRaw::framesSentBeforeThe101()
{
    RawWsClient client;
    const QByteArray request =
        RawWsClient::handshake(u"/ws?token="_s + m_alice.access) +
        RawWsClient::frame(
            0x1, compact(sendFrame(m_room, QUuid::createUuid().toString(QUuid::WithoutBraces),
                                   u"early"_s, u"early"_s)));
    QVERIFY2(client.openWith(m_server.port(), request), qPrintable(client.statusLine()));
    QVERIFY2(!waitText(client, u"hello"_s).isEmpty(), qPrintable(client.describe()));
    QVERIFY2(!waitText(client, u"ack"_s, u"early"_s).isEmpty(), qPrintable(client.describe()));
}

void tst_WsRaw::failures_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("code");
    using C = RawWsClient;
    QByteArray reserved = C::frame(0x1, "{}");
    reserved[0] = char(reserved.at(0) | 0x40);
    QTest::newRow("invalid UTF-8") << C::frame(0x1, "\xff\xfe") << 1007;
    QTest::newRow("overlong UTF-8") << C::frame(0x1, "\xc0\xaf") << 1007;
    QTest::newRow("UTF-8 surrogate") << C::frame(0x1, "\xed\xa0\x80") << 1007;
    QTest::newRow("code point cut at the message end")
        << C::frame(0x1, "\"\xe2\x82", false) + C::frame(0x0, "") << 1007;
    QTest::newRow("unmasked frame") << C::frame(0x1, "{}", true, false) << 1002;
    QTest::newRow("reserved bit") << reserved << 1002;
    QTest::newRow("unknown opcode") << C::frame(0x3, "x") << 1002;
    QTest::newRow("continuation without a message") << C::frame(0x0, "x") << 1002;
    QTest::newRow("fragmented ping") << C::frame(0x9, "x", false) << 1002;
    QTest::newRow("new message inside a fragmented one")
        << C::frame(0x1, "a", false) + C::frame(0x1, "b") << 1002;
    QTest::newRow("control frame over 125 bytes") << C::frame(0x9, QByteArray(126, 'p')) << 1002;
    QTest::newRow("close code 1005 on the wire") << C::frame(0x8, "\x03\xed") << 1002;
    QTest::newRow("fragments over 64 KiB together")
        << C::frame(0x1, QByteArray(40000, 'a'), false) + C::frame(0x0, QByteArray(30000, 'a'))
        << 1009;
}

void tst_WsRaw::failures()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, code);
    RawWsClient client;
    QVERIFY2(openChat(client, m_server, m_alice), qPrintable(client.describe()));
    QVERIFY(client.sendRaw(bytes));
    QVERIFY2(client.waitClosed(8000), qPrintable(client.describe()));
    QVERIFY2(client.closeFrameReceived() && client.closeCode() == code,
             qPrintable(client.describe()));
    // Nothing of the bad frame reached the hub: no answer but the close.
    QCOMPARE(client.textFrames().size(), 1); // the hello
}

void tst_WsRaw::clientStartsTheCloseHandshake_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<int>("answer");
    QTest::newRow("1000 with a reason") << QByteArray("\x03\xe8"
                                                      "bye")
                                        << 1000;
    QTest::newRow("4000, an application code") << QByteArray("\x0f\xa0") << 4000;
    QTest::newRow("no code") << QByteArray() << 1005; // answered with an empty close frame
}

void tst_WsRaw::clientStartsTheCloseHandshake()
{
    QFETCH(QByteArray, payload);
    QFETCH(int, answer);
    RawWsClient client;
    QVERIFY2(openChat(client, m_server, m_alice), qPrintable(client.describe()));
    QVERIFY(client.sendRaw(RawWsClient::frame(0x8, payload)));
    QVERIFY2(client.waitClosed(5000), qPrintable(client.describe()));
    QVERIFY2(client.closeFrameReceived(), qPrintable(client.describe()));
    QCOMPARE(client.closeCode(), answer);
    // Then the server ends the TCP connection.
    const QDeadlineTimer deadline(10000);
    while (!client.tcpClosed() && !deadline.hasExpired())
        client.poll(50);
    QVERIFY2(client.tcpClosed(), qPrintable(client.describe()));
}

void tst_WsRaw::refusedHandshakes_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QByteArray>("header");
    const QByteArray start = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n";
    QTest::newRow("no Sec-WebSocket-Key")
        << start + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n"
        << u" 400 "_s << QByteArray();
    QTest::newRow("key of 8 bytes")
        << start + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                   "Sec-WebSocket-Key: AAAAAAAAAAA=\r\n\r\n"
        << u" 400 "_s << QByteArray();
    QTest::newRow("no Connection: Upgrade")
        << start +
               "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
        << u" 400 "_s << QByteArray();
    QTest::newRow("version 8") << start + "Connection: Upgrade\r\nSec-WebSocket-Version: 8\r\n"
                                          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
                               << u" 426 "_s << QByteArray("Sec-WebSocket-Version: 13");
}

void tst_WsRaw::refusedHandshakes()
{
    QFETCH(QByteArray, request);
    QFETCH(QString, status);
    QFETCH(QByteArray, header);
    RawWsClient client;
    QVERIFY(!client.openWith(m_server.port(), request));
    QVERIFY2(client.statusLine().contains(status), qPrintable(client.statusLine()));
    QVERIFY2(client.headers().contains(header), client.headers().constData());
    QVERIFY2(client.headers().contains("Connection: close"), client.headers().constData());
}

// A reader that stops reading while a room is busy: what its socket cannot take waits in the
// server and is written out in pieces as the reader catches up, each frame whole and in order
// (frames are shared between recipients and written with sendmsg, so a partial write resumes
// inside a frame). Past the bound (4 MiB unsent) the reader is closed with 1013 after the frames
// it was sent, which it still gets whole and in order; the sender is not affected.
void tst_WsRaw::readerThatFallsBehind_data()
{
    QTest::addColumn<int>("beyondKernelBytes");
    QTest::addColumn<bool>("closed");
    QTest::addColumn<int>("readers");
    // 1 MiB more than the kernel takes for the reader (measured here: ~3.5 MB of its ~4.1 MiB
    // maximum) stays in the server, well under the bound.
    QTest::newRow("within the bound") << (1 << 20) << false << 1;
    // 5 MiB more than the kernel can take passes the bound, by ~1.5 MiB here: the fewer sends
    // after it, the sooner the reader reaches the close frame (the server waits 5 s for it).
    QTest::newRow("past the bound") << (5 << 20) << true << 1;
    // With the sender, five sockets in each write pass: the server writes them in one system
    // call (BatchSender), where each reader's partial writes and refusals are its own.
    QTest::newRow("within the bound, four readers") << (1 << 20) << false << 4;
    QTest::newRow("past the bound, four readers") << (5 << 20) << true << 4;
}

void tst_WsRaw::readerThatFallsBehind()
{
    QFETCH(int, beyondKernelBytes);
    QFETCH(bool, closed);
    QFETCH(int, readers);
    TestServer server;
    server.setEnv(u"PARLEY_WS_RATE"_s, u"0"_s);
    const auto dumpLog = qScopeGuard([&server] { server.dumpLogIfFailed(); });
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    ApiClient api(&server);
    const Session carol = api.registerUser(uniqueName(u"carol"_s));
    RETURN_IF_FAILED();
    const QString room = openGroupRoom(api, carol, {}, u"behind"_s);
    std::vector<std::unique_ptr<RawWsClient>> slow;
    for (int i = 0; i < readers; ++i) {
        slow.push_back(std::make_unique<RawWsClient>());
        slow.back()->setReceiveLimit(16 * 1024);
        QVERIFY2(openChat(*slow.back(), server, carol), qPrintable(slow.back()->describe()));
    }
    RawWsClient sender;
    QVERIFY2(openChat(sender, server, carol), qPrintable(sender.describe()));

    const int messages = int((kernelBufferBytes() + beyondKernelBytes) / 4096);
    QVERIFY2(sendNumbered(sender, room, messages), qPrintable(sender.describe()));
    QVERIFY2(!sender.closeFrameReceived(), qPrintable(sender.describe()));
    // The readers catch up now: until the close frame, or until nothing more comes for 1 s. The
    // server's close handshake waits 5 s for it, so the frames are checked only afterwards.
    for (auto &reader : slow)
        reader->liftReceiveLimit();
    const QDeadlineTimer deadline(30000);
    QDeadlineTimer quiet(1000);
    qsizetype frames = 0;
    const auto caughtUp = [&slow] {
        return std::all_of(slow.begin(), slow.end(), [](const auto &reader) {
            return reader->closeFrameReceived() || reader->tcpClosed();
        });
    };
    while (!caughtUp() && !quiet.hasExpired() && !deadline.hasExpired()) {
        qsizetype all = 0;
        for (auto &reader : slow) {
            reader->poll(readers > 1 ? 10 : 50);
            all += reader->textFrames().size();
        }
        if (all > frames) {
            frames = all;
            quiet.setRemainingTime(1000);
        }
    }
    for (auto &reader : slow) {
        int received = 0;
        const QString wrong = checkNumberedRun(*reader, &received);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        if (closed) {
            QVERIFY2(reader->closeFrameReceived(), qPrintable(reader->describe()));
            QCOMPARE(reader->closeCode(), 1013);
            QVERIFY2(received > 0 && received < messages, qPrintable(QString::number(received)));
        } else {
            QCOMPARE(received, messages);
            QVERIFY2(!reader->closeFrameReceived(), qPrintable(reader->describe()));
        }
    }
}

QTEST_GUILESS_MAIN(tst_WsRaw)
#include "tst_ws_raw.moc"
