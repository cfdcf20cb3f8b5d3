// Bad and tricky input over REST and /ws: malformed JSON, wrong types, huge numbers, Unicode edge
// cases (NUL, bidi controls, lone surrogate escapes, non-characters, a leading BOM) and
// SQL-looking text. Every
// refusal is a clean JSON 400 (REST) or `error` frame (WS, the socket stays open); whatever is
// accepted is stored and returned exactly as sent, in the answer and in the history, and the
// stored data stays readable afterwards.
#include "WsTest.h"

using namespace Qt::StringLiterals;
using namespace parley::test;

class tst_BadInput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void malformedBodies_data();
    void malformedBodies();
    void literalText_data();
    void literalText();
    void literalNamesAndSubjects_data();
    void literalNamesAndSubjects();
    void loneSurrogatesAreRefused();
    void badFrameFields_data();
    void badFrameFields();
    void historyStillReadable();

private:
    TestServer m_server;
    ApiClient m_api{&m_server};
    Session m_alice;
    QString m_room;
    std::unique_ptr<WsClient> m_ws;
};

void tst_BadInput::initTestCase()
{
    m_server.setEnv(u"PARLEY_WS_RATE"_s, u"0"_s);
    m_server.setEnv(u"PARLEY_WRITE_RATE"_s, u"0"_s);
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_alice = m_api.registerUser(uniqueName(u"alice"_s));
    RETURN_IF_FAILED();
    m_room = openSupportRoom(m_api, m_alice, u"bad input"_s);
    RETURN_IF_FAILED();
    m_ws = connectChat(m_server, m_alice, u"alice"_s);
}

void tst_BadInput::cleanup()
{
    m_server.dumpLogIfFailed();
}

void tst_BadInput::malformedBodies_data()
{
    QTest::addColumn<QString>("path"); // %1: the room
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");

    const QString messages = u"/api/chat/rooms/%1/messages/"_s;
    const QString read = u"/api/chat/rooms/%1/mark-read/"_s;
    auto row = [](const char *name, const QString &path, const QByteArray &body, int status,
                  const char *code) {
        QTest::addRow("%s", name) << path << body << status << QString::fromLatin1(code);
    };
    row("truncated", messages, R"({"type":"text","content":"x")", 400, "bad_request");
    row("array", messages, "[1,2]", 400, "bad_request");
    row("scalar", messages, "42", 400, "bad_request");
    row("null", messages, "null", 400, "bad_request");
    row("trailing garbage", messages, R"({"type":"text","content":"x"} x)", 400, "bad_request");
    row("invalid utf-8", messages, "{\"type\":\"text\",\"content\":\"\xff\xfe\"}", 400,
        "bad_request");
    row("nested 10000 deep", messages, QByteArray(10000, '[') + QByteArray(10000, ']'), 400,
        "bad_request");
    row("content number", messages, R"({"type":"text","content":12})", 400, "validation_failed");
    row("content object", messages, R"({"type":"text","content":{"a":1}})", 400,
        "validation_failed");
    row("content null", messages, R"({"type":"text","content":null})", 400, "validation_failed");
    row("type number", messages, R"({"type":1,"content":"x"})", 400, "validation_failed");
    row("type system", messages, R"({"type":"system","content":"x"})", 400, "validation_failed");
    row("content 4001 chars", messages,
        R"({"type":"text","content":")" + QByteArray(4001, 'a') + R"("})", 400,
        "validation_failed");
    row("content blank", messages, R"({"type":"text","content":" \t\n "})", 400,
        "validation_failed");
    row("lat 1e999 (not a double)", messages,
        R"({"type":"location","content":"x","metadata":{"lat":1e999,"lng":0}})", 400,
        "bad_request");
    row("lat 1e300", messages,
        R"({"type":"location","content":"x","metadata":{"lat":1e300,"lng":0}})", 400,
        "validation_failed");
    row("content with NUL", messages, R"({"type":"text","content":"a\u0000b"})", 400,
        "validation_failed");
    row("lone high surrogate", messages, R"({"type":"text","content":"a\ud800b"})", 400,
        "bad_request");
    row("lone low surrogate in a key", messages, R"({"type":"text","content":"x","\udc00":1})", 400,
        "bad_request");
    row("reversed pair", messages, R"({"type":"text","content":"\udc00\ud800"})", 400,
        "bad_request");
    // SQLite (UTF-8) reads U+FFFE and U+FFFF back as U+FFFD: refused rather than altered.
    row("U+FFFE", messages, R"({"type":"text","content":"\ufffe first"})", 400, "bad_request");
    row("U+FFFF", messages, R"({"type":"text","content":"last \uffff"})", 400, "bad_request");
    row("lat string", messages,
        R"({"type":"location","content":"x","metadata":{"lat":"45","lng":0}})", 400,
        "validation_failed");
    row("up_to_seq huge", read, R"({"up_to_seq":1e300})", 400, "validation_failed");
    row("up_to_seq 2^63", read, R"({"up_to_seq":9223372036854775808})", 400, "validation_failed");
    row("up_to_seq negative", read, R"({"up_to_seq":-1})", 400, "validation_failed");
    row("up_to_seq fraction", read, R"({"up_to_seq":1.5})", 400, "validation_failed");
    row("up_to_seq string", read, R"({"up_to_seq":"1"})", 400, "validation_failed");
    row("register username NUL", u"/api/auth/register"_s,
        R"({"username":"ab\u0000cd","password":"password-123"})", 400, "validation_failed");
    row("register username RTL", u"/api/auth/register"_s,
        R"({"username":"ab\u202ecd","password":"password-123"})", 400, "validation_failed");
    row("register username SQL", u"/api/auth/register"_s,
        R"({"username":"x' OR '1'='1","password":"password-123"})", 400, "validation_failed");
    row("login wrong types", u"/api/auth/login"_s, R"({"username":1,"password":[]})", 400,
        "validation_failed");
}

void tst_BadInput::malformedBodies()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, code);

    const QString target = path.contains(u"%1"_s) ? path.arg(m_room) : path;
    const Reply reply = m_api.raw("POST", target, body, {}, m_alice.access);
    EXPECT_ERROR_FIELD(reply, status, code, QString());
    QVERIFY(!reply.errorMessage().isEmpty());
}

void tst_BadInput::literalText_data()
{
    QTest::addColumn<QString>("content");
    QTest::addRow("backslash-u text stays text") << u"\U0001F600 from \\ud83d\\ude00"_s;
    QTest::addRow("RTL override") << u"\u202Egnp.exe\u202C and \u200F\u200E marks"_s;
    QTest::addRow("zero width") << u"a\u200Bb\u200Dc\uFEFFd"_s;
    QTest::addRow("emoji and combining")
        << u"😀👩‍👩‍👧 e\u0301 \U0001F1EB\U0001F1F7"_s;
    QTest::addRow("other non-characters") << u"\uFDD0\uFDEF \U0010FFFF \U0001FFFE"_s;
    QTest::addRow("BOM first") << u"\uFEFFstarts with a BOM"_s;
    QTest::addRow("SQL drop") << u"'; DROP TABLE messages; --"_s;
    QTest::addRow("SQL or") << u"\" OR 1=1 -- ' OR ''='"_s;
    QTest::addRow("LIKE wildcards") << u"100% _of_ \\ backslash [x]"_s;
    QTest::addRow("JSON and HTML") << u"{\"type\":\"system\"} <script>alert(1)</script> &amp;"_s;
    QTest::addRow("CR LF tab") << u"line1\r\nline2\tend"_s;
    QTest::addRow("4000 chars") << QString(3999, u'é') + u'!';
}

void tst_BadInput::literalText()
{
    QFETCH(QString, content);
    // REST
    const QJsonObject rest =
        sendJson(m_api, m_alice, m_room, {{u"type"_s, u"text"_s}, {u"content"_s, content}});
    RETURN_IF_FAILED();
    QCOMPARE(rest[u"content"_s].toString(), content);
    // WebSocket
    const QString ref = u"lit-%1"_s.arg(QString::fromUtf8(QTest::currentDataTag()));
    m_ws->send(sendFrame(m_room, uniqueName(u"lit"_s), content, ref));
    WS_WAIT(ack, *m_ws, u"ack"_s, withRef(ref));
    QCOMPARE(ack[u"message"_s][u"content"_s].toString(), content);
    // Both read back exactly.
    const QJsonArray history = fetchHistory(m_api, m_alice, m_room, u"limit=2"_s);
    RETURN_IF_FAILED();
    QCOMPARE(history.size(), 2);
    for (const QJsonValue &message : history)
        QCOMPARE(message[u"content"_s].toString(), content);
}

void tst_BadInput::literalNamesAndSubjects_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("printable"); // order_ref takes printable characters only
    QTest::addRow("SQL") << u"Robert'); DROP TABLE users;--"_s << true;
    QTest::addRow("RTL") << u"\u202Eevil\u202C name"_s << false;
    QTest::addRow("wildcards") << u"%_%\\"_s << true;
}

void tst_BadInput::literalNamesAndSubjects()
{
    QFETCH(QString, text);
    QFETCH(bool, printable);
    const Session user =
        m_api.registerUser(uniqueName(u"named"_s), QString::fromLatin1(kDefaultPassword), text);
    RETURN_IF_FAILED();
    QCOMPARE(user.user.displayName, text);
    const Reply me = m_api.get(u"/api/me"_s, user);
    EXPECT_STATUS(me, 200);
    QCOMPARE(me.obj()[u"display_name"_s].toString(), text);
    const QString room = openSupportRoom(m_api, user, text);
    RETURN_IF_FAILED();
    QCOMPARE(fetchRoom(m_api, user, room)[u"subject"_s].toString(), text);
    const QJsonObject orderBody{
        {u"kind"_s, u"order"_s}, {u"order_ref"_s, text}, {u"subject"_s, text}};
    if (!printable) {
        EXPECT_VALIDATION(m_api.post(u"/api/chat/rooms/"_s, orderBody, user), "order_ref");
        return;
    }
    const QJsonObject order = createRoom(m_api, user, orderBody);
    RETURN_IF_FAILED();
    QCOMPARE(order[u"order_ref"_s].toString(), text);
}

void tst_BadInput::loneSurrogatesAreRefused()
{
    // JSON can spell a surrogate that pairs with nothing (\ud800); it is not a character.
    // Qt's parser would keep it, so the server refuses such bodies and frames as malformed.
    m_ws->sendText(
        uR"({"type":"send","ref":"sur","room_id":"%1","client_id":"%2",)"
        uR"("message_type":"text","content":"x\udfffy"})"_s.arg(m_room, uniqueName(u"s"_s)));
    WS_WAIT(error, *m_ws, u"error"_s);
    QCOMPARE(error[u"code"_s].toString(), u"bad_request"_s);
    QVERIFY(m_ws->isOpen());
    QVERIFY(m_ws->barrier());
    WS_NONE(*m_ws, u"ack"_s, withRef(u"sur"_s));
}

void tst_BadInput::badFrameFields_data()
{
    QTest::addColumn<QString>("fields"); // JSON members after "type":"..."; %1 is the room
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("code");
    QTest::addRow("read up_to_seq 1e300")
        << uR"("room_id":"%1","up_to_seq":1e300)"_s << u"read"_s << u"validation_failed"_s;
    QTest::addRow("read up_to_seq -5")
        << uR"("room_id":"%1","up_to_seq":-5)"_s << u"read"_s << u"validation_failed"_s;
    QTest::addRow("delivered up_to_seq string")
        << uR"("room_id":"%1","up_to_seq":"7")"_s << u"delivered"_s << u"validation_failed"_s;
    QTest::addRow("typing is_typing string")
        << uR"("room_id":"%1","is_typing":"yes")"_s << u"typing"_s << u"validation_failed"_s;
    QTest::addRow("send content array")
        << uR"("room_id":"%1","client_id":"c","message_type":"text","content":[1])"_s << u"send"_s
        << u"validation_failed"_s;
    QTest::addRow("send room SQL")
        << uR"("room_id":"' OR 1=1 --","client_id":"c","message_type":"text","content":"x")"_s
        << u"send"_s << u"validation_failed"_s;
    QTest::addRow("send content NUL")
        << uR"("room_id":"%1","client_id":"c","message_type":"text","content":"a\u0000")"_s
        << u"send"_s << u"validation_failed"_s;
    QTest::addRow("resume cursor huge")
        << uR"("cursors":{"%1":1e300})"_s << u"resume"_s << u"validation_failed"_s;
    QTest::addRow("resume cursors array")
        << uR"("cursors":["%1"])"_s << u"resume"_s << u"validation_failed"_s;
}

void tst_BadInput::badFrameFields()
{
    QFETCH(QString, fields);
    QFETCH(QString, type);
    QFETCH(QString, code);
    const QString ref = u"bad-%1"_s.arg(QString::fromUtf8(QTest::currentDataTag()));
    m_ws->sendText(uR"({"type":"%1","ref":"%2",)"_s.arg(type, ref) +
                   (fields.contains(u"%1"_s) ? fields.arg(m_room) : fields) + u'}');
    WS_WAIT(error, *m_ws, u"error"_s, withRef(ref));
    QCOMPARE(error[u"code"_s].toString(), code);
    QVERIFY(m_ws->isOpen());
    QVERIFY(m_ws->barrier());
}

void tst_BadInput::historyStillReadable()
{
    const QJsonArray history = fullHistory(m_api, m_alice, m_room);
    RETURN_IF_FAILED();
    QVERIFY(history.size() >= 2 * 12); // the literalText rows
    qint64 seq = 0;
    for (const QJsonValue &value : history) {
        QVERIFY(value[u"seq"_s].toInteger() > seq);
        seq = value[u"seq"_s].toInteger();
        QVERIFY(toMessage(value.toObject()).seq == seq);
    }
    EXPECT_STATUS(m_api.get(u"/healthz"_s), 200);
}

QTEST_GUILESS_MAIN(tst_BadInput)
#include "tst_bad_input.moc"
