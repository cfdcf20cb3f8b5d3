// WebSocket frames of `GET /ws` (WsFrames.h): decoding every client frame, errors that still echo
// the frame's ref, and the shapes of server frames.
#include "ProtocolTestUtil.h"

#include "protocol/JsonFields.h"
#include "protocol/WsFrames.h"

#include <QJsonArray>
#include <QTest>

using namespace parley;
using namespace Qt::StringLiterals;
using testutil::object;

namespace {

const QString kValidation = u"validation_failed"_s;
const QString kBadRequest = u"bad_request"_s;
const QByteArray kRoom = "CHAT20261121AB12CD34";

// Which alternative of ClientFrame a frame decoded to.
QString kindOf(const ws::ClientFrame &frame)
{
    switch (frame.index()) {
    case 0:
        return u"send"_s;
    case 1:
        return u"typing"_s;
    case 2:
        return std::get<ws::ReceiptFrame>(frame).read ? u"read"_s : u"delivered"_s;
    case 3:
        return u"resume"_s;
    default:
        return u"ping"_s;
    }
}

} // namespace

class TestWsFrames : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decode_data();
    void decode();
    void refEcho_data();
    void refEcho();
    void decodedValues();
    void resumeCursors();
    void errorFrame();
    void serverFrame();
    void encodeRoundTrip();
};

void TestWsFrames::decode_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("kind"); // expected frame kind when accepted
    QTest::addColumn<QString>("code"); // "" = accepted
    QTest::addColumn<QString>("field");

    const auto ok = [](const char *name, const QByteArray &text, const QString &kind) {
        QTest::addRow("%s", name) << text << kind << QString() << QString();
    };
    const auto bad = [](const char *name, const QByteArray &text, const QString &code,
                        const QString &field) {
        QTest::addRow("%s", name) << text << QString() << code << field;
    };
    const QByteArray room = R"("room_id":")" + kRoom + '"';

    // Not a frame at all.
    bad("empty", "", kBadRequest, QString());
    bad("not json", "hello", kBadRequest, QString());
    bad("truncated", R"({"type":"ping")", kBadRequest, QString());
    bad("array", R"([{"type":"ping"}])", kBadRequest, QString());
    bad("string", R"("ping")", kBadRequest, QString());
    bad("number", "1", kBadRequest, QString());
    bad("null", "null", kBadRequest, QString());
    bad("no type", "{}", kBadRequest, QString());
    bad("type null", R"({"type":null})", kBadRequest, QString());
    bad("type number", R"({"type":1})", kBadRequest, QString());
    bad("type object", R"({"type":{"name":"ping"}})", kBadRequest, QString());
    bad("unknown type", R"({"type":"dance"})", kBadRequest, QString());
    bad("server type sent by client", R"({"type":"hello"})", kBadRequest, QString());
    bad("type with different case", R"({"type":"PING"})", kBadRequest, QString());
    bad("ref number", R"({"type":"ping","ref":5})", kValidation, u"ref"_s);
    bad("ref object", R"({"type":"ping","ref":{}})", kValidation, u"ref"_s);
    ok("ref of 300 chars", R"({"type":"ping","ref":")" + QByteArray(300, 'r') + R"("})", u"ping"_s);

    ok("ping", R"({"type":"ping"})", u"ping"_s);
    ok("ping extra keys", R"({"type":"ping","x":[1,2]})", u"ping"_s);
    ok("ping ref 64 chars", R"({"type":"ping","ref":")" + QByteArray(64, 'r') + R"("})", u"ping"_s);
    ok("ping null ref", R"({"type":"ping","ref":null})", u"ping"_s);

    // send
    ok("send text",
       R"({"type":"send",)" + room + R"(,"client_id":"c1","message_type":"text","content":"Hi"})",
       u"send"_s);
    bad("send without message_type",
        R"({"type":"send",)" + room + R"(,"client_id":"c1","content":"Hi"})", kValidation,
        u"message_type"_s);
    ok("send location",
       R"({"type":"send",)" + room +
           R"(,"client_id":"c1","message_type":"location","metadata":{"lat":-90,"lng":180}})",
       u"send"_s);
    ok("send image",
       R"({"type":"send",)" + room +
           R"(,"client_id":"c1","message_type":"image","attachment_id":"a1"})",
       u"send"_s);
    bad("send no room", R"({"type":"send","client_id":"c1","content":"Hi"})", kValidation,
        u"room_id"_s);
    bad("send room number", R"({"type":"send","room_id":5,"client_id":"c1","content":"Hi"})",
        kValidation, u"room_id"_s);
    bad("send bad room id", R"({"type":"send","room_id":"room-1","client_id":"c1","content":"Hi"})",
        kValidation, u"room_id"_s);
    bad("send lowercase room id",
        R"({"type":"send","room_id":"chat20261121ab12cd34","client_id":"c1","content":"Hi"})",
        kValidation, u"room_id"_s);
    bad("send no client_id", R"({"type":"send",)" + room + R"(,"content":"Hi"})", kValidation,
        u"client_id"_s);
    bad("send null client_id", R"({"type":"send",)" + room + R"(,"client_id":null,"content":"Hi"})",
        kValidation, u"client_id"_s);
    bad("send empty client_id", R"({"type":"send",)" + room + R"(,"client_id":"","content":"Hi"})",
        kValidation, u"client_id"_s);
    bad("send client_id 65",
        R"({"type":"send",)" + room + R"(,"client_id":")" + QByteArray(65, 'c') +
            R"(","content":"Hi"})",
        kValidation, u"client_id"_s);
    bad("send client_id number", R"({"type":"send",)" + room + R"(,"client_id":1,"content":"Hi"})",
        kValidation, u"client_id"_s);
    bad("send system",
        R"({"type":"send",)" + room + R"(,"client_id":"c1","message_type":"system","content":"x"})",
        kValidation, u"message_type"_s);
    bad("send unknown message_type",
        R"({"type":"send",)" + room + R"(,"client_id":"c1","message_type":"gif","content":"x"})",
        kValidation, u"message_type"_s);
    bad("send blank",
        R"({"type":"send",)" + room + R"(,"client_id":"c1","message_type":"text","content":"   "})",
        kValidation, u"content"_s);
    bad("send no content",
        R"({"type":"send",)" + room + R"(,"client_id":"c1","message_type":"text"})", kValidation,
        u"content"_s);
    bad("send content 4001",
        R"({"type":"send",)" + room + R"(,"client_id":"c1","message_type":"text","content":")" +
            QByteArray(4001, 'x') + R"("})",
        kValidation, u"content"_s);
    bad("send location lat string",
        R"({"type":"send",)" + room +
            R"(,"client_id":"c1","message_type":"location","metadata":{"lat":"1","lng":2}})",
        kValidation, u"metadata.lat"_s);
    bad("send image no attachment",
        R"({"type":"send",)" + room + R"(,"client_id":"c1","message_type":"image"})", kValidation,
        u"attachment_id"_s);
    bad("send bad reply_to",
        R"({"type":"send",)" + room +
            R"(,"client_id":"c1","message_type":"text","content":"x","reply_to":"nope"})",
        kValidation, u"reply_to"_s);
    bad("send metadata array",
        R"({"type":"send",)" + room +
            R"(,"client_id":"c1","message_type":"text","content":"x","metadata":[]})",
        kValidation, u"metadata"_s);

    // typing
    ok("typing true", R"({"type":"typing",)" + room + R"(,"is_typing":true})", u"typing"_s);
    ok("typing false", R"({"type":"typing",)" + room + R"(,"is_typing":false})", u"typing"_s);
    bad("typing no room", R"({"type":"typing","is_typing":true})", kValidation, u"room_id"_s);
    bad("typing bad room", R"({"type":"typing","room_id":"CHAT2026","is_typing":true})",
        kValidation, u"room_id"_s);
    bad("typing missing flag", R"({"type":"typing",)" + room + "}", kValidation, u"is_typing"_s);
    bad("typing flag string", R"({"type":"typing",)" + room + R"(,"is_typing":"true"})",
        kValidation, u"is_typing"_s);
    bad("typing flag number", R"({"type":"typing",)" + room + R"(,"is_typing":1})", kValidation,
        u"is_typing"_s);

    // read / delivered
    ok("read", R"({"type":"read",)" + room + R"(,"up_to_seq":42})", u"read"_s);
    ok("read zero", R"({"type":"read",)" + room + R"(,"up_to_seq":0})", u"read"_s);
    ok("delivered", R"({"type":"delivered",)" + room + R"(,"up_to_seq":7})", u"delivered"_s);
    bad("read no seq", R"({"type":"read",)" + room + "}", kValidation, u"up_to_seq"_s);
    bad("read negative", R"({"type":"read",)" + room + R"(,"up_to_seq":-1})", kValidation,
        u"up_to_seq"_s);
    bad("read fraction", R"({"type":"read",)" + room + R"(,"up_to_seq":1.5})", kValidation,
        u"up_to_seq"_s);
    bad("read string", R"({"type":"read",)" + room + R"(,"up_to_seq":"4"})", kValidation,
        u"up_to_seq"_s);
    bad("read huge", R"({"type":"read",)" + room + R"(,"up_to_seq":1e30})", kValidation,
        u"up_to_seq"_s);
    bad("delivered above 2^53",
        R"({"type":"delivered",)" + room + R"(,"up_to_seq":9007199254740993})", kValidation,
        u"up_to_seq"_s);
    bad("delivered no room", R"({"type":"delivered","up_to_seq":1})", kValidation, u"room_id"_s);

    // resume
    ok("resume", R"({"type":"resume","cursors":{")" + kRoom + R"(":3}})", u"resume"_s);
    ok("resume empty cursors", R"({"type":"resume","cursors":{}})", u"resume"_s);
    ok("resume no cursors", R"({"type":"resume"})", u"resume"_s);
    ok("resume null cursors", R"({"type":"resume","cursors":null})", u"resume"_s);
    ok("resume full", R"({"type":"resume","cursors":{},"full":true})", u"resume"_s);
    bad("resume cursors array", R"({"type":"resume","cursors":[]})", kValidation, u"cursors"_s);
    bad("resume cursors string", R"({"type":"resume","cursors":"x"})", kValidation, u"cursors"_s);
    bad("resume bad room key", R"({"type":"resume","cursors":{"room-1":3}})", kValidation,
        u"cursors"_s);
    bad("resume negative cursor", R"({"type":"resume","cursors":{")" + kRoom + R"(":-1}})",
        kValidation, u"cursors."_s + QString::fromLatin1(kRoom));
    bad("resume string cursor", R"({"type":"resume","cursors":{")" + kRoom + R"(":"3"}})",
        kValidation, u"cursors."_s + QString::fromLatin1(kRoom));
    bad("resume null cursor", R"({"type":"resume","cursors":{")" + kRoom + R"(":null}})",
        kValidation, u"cursors."_s + QString::fromLatin1(kRoom));
    bad("resume fraction cursor", R"({"type":"resume","cursors":{")" + kRoom + R"(":2.5}})",
        kValidation, u"cursors."_s + QString::fromLatin1(kRoom));
    bad("resume full string", R"({"type":"resume","full":"yes"})", kValidation, u"full"_s);
}

void TestWsFrames::decode()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, kind);
    QFETCH(QString, code);
    QFETCH(QString, field);
    const auto decoded = ws::decodeClientFrame(text);
    PARLEY_CHECK_RESULT(decoded, code, field);
    if (decoded.ok())
        QCOMPARE(kindOf(decoded->frame), kind);
    else
        QVERIFY(!decoded.error().message.isEmpty());
}

void TestWsFrames::refEcho_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("ref"); // what refOut must hold afterwards
    QTest::addColumn<bool>("valid");
    QTest::addRow("ok with ref") << QByteArray(R"({"type":"ping","ref":"r1"})") << u"r1"_s << true;
    QTest::addRow("ok without ref") << QByteArray(R"({"type":"ping"})") << QString() << true;
    QTest::addRow("unknown type") << QByteArray(R"({"ref":"r2","type":"dance"})") << u"r2"_s
                                  << false;
    QTest::addRow("missing type") << QByteArray(R"({"ref":"r3"})") << u"r3"_s << false;
    QTest::addRow("bad room id")
        << QByteArray(R"({"type":"send","ref":"r4","room_id":"x","client_id":"c","content":"Hi"})")
        << u"r4"_s << false;
    QTest::addRow("missing client_id")
        << QByteArray(
               R"({"type":"send","ref":"r5","room_id":"CHAT20261121AB12CD34","content":"Hi"})")
        << u"r5"_s << false;
    QTest::addRow("blank content")
        << QByteArray(
               R"({"type":"send","ref":"r6","room_id":"CHAT20261121AB12CD34","client_id":"c","content":" "})")
        << u"r6"_s << false;
    QTest::addRow("typing missing flag")
        << QByteArray(R"({"type":"typing","ref":"r7","room_id":"CHAT20261121AB12CD34"})") << u"r7"_s
        << false;
    QTest::addRow("unicode ref") << QByteArray(R"({"type":"x","ref":"ré 🎉"})") << u"ré 🎉"_s
                                 << false;
    // No readable ref: nothing to echo.
    QTest::addRow("not json") << QByteArray(R"({"ref":"r8",)") << QString() << false;
    QTest::addRow("ref is number")
        << QByteArray(R"({"type":"ping","ref":8})") << QString() << false;
    QTest::addRow("long ref") << QByteArray(R"({"type":"ping","ref":")" + QByteArray(300, 'r') +
                                            R"("})")
                              << QString(300, u'r') << true;
}

void TestWsFrames::refEcho()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, ref);
    QFETCH(bool, valid);
    QString refOut = u"stale from last frame"_s;
    const auto decoded = ws::decodeClientFrame(text, &refOut);
    QCOMPARE(decoded.ok(), valid);
    QCOMPARE(refOut, ref);
    if (valid) {
        QCOMPARE(decoded->ref, ref);
    } else {
        // What the server answers: an error frame carrying the ref.
        const QJsonObject answer = ws::errorFrame(decoded.error(), refOut);
        QCOMPARE(answer.value(u"type"_s).toString(), u"error"_s);
        QCOMPARE(answer.contains(u"ref"_s), !ref.isEmpty());
        QCOMPARE(answer.value(u"ref"_s).toString(), ref);
    }
    // A null refOut is allowed.
    QCOMPARE(ws::decodeClientFrame(text).ok(), valid);
}

void TestWsFrames::decodedValues()
{
    const auto send = ws::decodeClientFrame(
        R"({"type":"send","ref":"s1","room_id":"CHAT20261121AB12CD34","client_id":"c-1",
            "message_type":"location","content":"here","metadata":{"lat":1.5,"lng":-2},
            "reply_to":"3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"})");
    QVERIFY(send.ok());
    QCOMPARE(send->ref, u"s1"_s);
    const auto &s = std::get<ws::SendFrame>(send->frame);
    QCOMPARE(s.roomId, u"CHAT20261121AB12CD34"_s);
    QCOMPARE(s.message.clientId, u"c-1"_s);
    QCOMPARE(s.message.type, MessageType::Location);
    QCOMPARE(s.message.content, u"here"_s);
    QCOMPARE(s.message.metadata, (QJsonObject{{u"lat"_s, 1.5}, {u"lng"_s, -2}}));
    QCOMPARE(s.message.replyTo, u"3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"_s);

    // `type` is the frame's type on the socket; the message's type is `message_type` only.
    const auto typed = ws::decodeClientFrame(
        R"({"type":"send","room_id":"CHAT20261121AB12CD34","client_id":"c","message_type":"text","content":"x"})");
    QVERIFY(typed.ok());
    QCOMPARE(std::get<ws::SendFrame>(typed->frame).message.type, MessageType::Text);

    const auto typing = ws::decodeClientFrame(
        R"({"type":"typing","room_id":"CHAT20261121AB12CD34","is_typing":true})");
    QVERIFY(typing.ok());
    QCOMPARE(std::get<ws::TypingFrame>(typing->frame).roomId, u"CHAT20261121AB12CD34"_s);
    QVERIFY(std::get<ws::TypingFrame>(typing->frame).isTyping);

    const auto read = ws::decodeClientFrame(
        R"({"type":"read","room_id":"CHAT20261121AB12CD34","up_to_seq":9007199254740991})");
    QVERIFY(read.ok());
    QCOMPARE(std::get<ws::ReceiptFrame>(read->frame).upToSeq, json::kMaxSafeInteger);
    QVERIFY(std::get<ws::ReceiptFrame>(read->frame).read);
    const auto delivered = ws::decodeClientFrame(
        R"({"type":"delivered","room_id":"CHAT20261121AB12CD34","up_to_seq":3})");
    QVERIFY(delivered.ok());
    QCOMPARE(std::get<ws::ReceiptFrame>(delivered->frame).upToSeq, 3);
    QVERIFY(!std::get<ws::ReceiptFrame>(delivered->frame).read);
}

void TestWsFrames::resumeCursors()
{
    const auto resume = ws::decodeClientFrame(R"({"type":"resume","cursors":{
        "CHAT20261121AB12CD34":42,"CHAT20261122ZZ99ZZ99":0},"full":true})");
    QVERIFY(resume.ok());
    const auto &r = std::get<ws::ResumeFrame>(resume->frame);
    QCOMPARE(r.cursors.size(), 2);
    QCOMPARE(r.cursors.value(u"CHAT20261121AB12CD34"_s), 42);
    QCOMPARE(r.cursors.value(u"CHAT20261122ZZ99ZZ99"_s, -1), 0);
    QVERIFY(r.full);

    const auto bare = ws::decodeClientFrame(R"({"type":"resume"})");
    QVERIFY(bare.ok());
    QVERIFY(std::get<ws::ResumeFrame>(bare->frame).cursors.isEmpty());
    QVERIFY(!std::get<ws::ResumeFrame>(bare->frame).full);
}

void TestWsFrames::errorFrame()
{
    const QJsonObject withAll =
        ws::errorFrame(Error::validation(u"content"_s, u"content must not be blank"_s), u"r1"_s);
    PARLEY_COMPARE_JSON(withAll, object(R"({"type":"error","code":"validation_failed",
        "message":"content must not be blank","field":"content","ref":"r1"})"));

    const QJsonObject bare = ws::errorFrame(Error::roomClosed());
    PARLEY_COMPARE_JSON(bare, object(R"({"type":"error","code":"room_closed",
        "message":"Room is closed"})"));

    Error limited{ErrorCode::RateLimited, u"Slow down"_s, {}, 3};
    QCOMPARE(ws::errorFrame(limited, u"x"_s).value(u"code"_s).toString(), u"rate_limited"_s);
}

void TestWsFrames::serverFrame()
{
    const QJsonObject pong = ws::frame(ws::type::Pong, {});
    PARLEY_COMPARE_JSON(pong, object(R"({"type":"pong"})"));

    const QJsonObject ack = ws::frame(
        ws::type::Ack, {{u"client_id"_s, u"c1"_s}, {u"message"_s, QJsonObject()}}, u"r9"_s);
    PARLEY_COMPARE_JSON(ack, object(R"({"type":"ack","ref":"r9","client_id":"c1","message":{}})"));

    // The frame's type wins over a stray `type` in the fields.
    const QJsonObject receipt = ws::frame(
        ws::type::Receipt,
        {{u"type"_s, u"read"_s}, {u"room_id"_s, QString::fromLatin1(kRoom)}, {u"up_to_seq"_s, 4}});
    QCOMPARE(receipt.value(u"type"_s).toString(), u"receipt"_s);

    // Every documented server frame type name.
    const QStringList names{ws::type::Hello,          ws::type::Ack,
                            ws::type::Message,        ws::type::MessageUpdated,
                            ws::type::MessageDeleted, ws::type::Receipt,
                            ws::type::RoomState,      ws::type::RoomAdded,
                            ws::type::RoomUpdated,    ws::type::RoomRemoved,
                            ws::type::MemberJoined,   ws::type::MemberLeft,
                            ws::type::Presence,       ws::type::QueueUpdated,
                            ws::type::Resumed,        ws::type::Pong,
                            ws::type::Error};
    QCOMPARE(names.join(u','),
             u"hello,ack,message,message_updated,message_deleted,receipt,room_state,room_added,"
             "room_updated,room_removed,member_joined,member_left,presence,queue_updated,resumed,"
             "pong,error"_s);
}

void TestWsFrames::encodeRoundTrip()
{
    ws::SendFrame send;
    send.roomId = QString::fromLatin1(kRoom);
    send.message.clientId = u"c-7"_s;
    send.message.type = MessageType::Image;
    send.message.attachmentId = u"att-3"_s;
    send.message.content = u"look"_s;
    const QJsonObject sendJson = ws::encodeClientFrame(send, u"r1"_s);
    QCOMPARE(sendJson.value(u"type"_s).toString(), u"send"_s);
    QCOMPARE(sendJson.value(u"message_type"_s).toString(), u"image"_s);
    QCOMPARE(sendJson.value(u"ref"_s).toString(), u"r1"_s);

    const QList<ws::ClientFrame> frames{
        send,
        ws::TypingFrame{QString::fromLatin1(kRoom), true},
        ws::ReceiptFrame{QString::fromLatin1(kRoom), 12, true},
        ws::ReceiptFrame{QString::fromLatin1(kRoom), 13, false},
        ws::ResumeFrame{{{QString::fromLatin1(kRoom), 5}}, true},
        ws::ResumeFrame{{}, false},
        ws::PingFrame{},
    };
    for (const ws::ClientFrame &frame : frames) {
        const QJsonObject encoded = ws::encodeClientFrame(frame, u"ref-x"_s);
        const auto decoded = ws::decodeClientFrame(json::compact(encoded));
        QVERIFY2(decoded.ok(), json::compact(encoded).constData());
        QCOMPARE(decoded->ref, u"ref-x"_s);
        QCOMPARE(kindOf(decoded->frame), kindOf(frame));
        // Encoding the decoded frame again gives the same JSON.
        PARLEY_COMPARE_JSON(ws::encodeClientFrame(decoded->frame, u"ref-x"_s), encoded);
    }
    QVERIFY(!ws::encodeClientFrame(ws::PingFrame{}).contains(u"ref"_s));
}

QTEST_APPLESS_MAIN(TestWsFrames)
#include "tst_ws_frames.moc"
