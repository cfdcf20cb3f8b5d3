// REST request bodies (Requests.h) and the typed JSON readers under them (JsonFields.h): every
// rule, missing fields, wrong types, arrays for objects, huge numbers, and toJson round trips.
#include "ProtocolTestUtil.h"

#include "protocol/JsonFields.h"
#include "protocol/Requests.h"

#include <QJsonArray>
#include <QTest>

using namespace parley;
using namespace Qt::StringLiterals;
using testutil::object;

namespace {

const QString kValidation = u"validation_failed"_s;
const QString kBadRequest = u"bad_request"_s;
const QByteArray kUuid1 = "3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
const QByteArray kUuid2 = "4A3B2C1D-6E5F-4B7A-9C8D-1E0F2A3B4C5D";

void columns()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code"); // "" = accepted
    QTest::addColumn<QString>("field");
}

void ok(const char *name, const QByteArray &body)
{
    QTest::addRow("%s", name) << body << QString() << QString();
}

void bad(const char *name, const QByteArray &body, const QString &field,
         const QString &code = kValidation)
{
    QTest::addRow("%s", name) << body << code << field;
}

// Rows every body reader must refuse the same way: an empty object misses the first field.
void missingEverything(const QString &firstField)
{
    bad("empty object", "{}", firstField);
}

template<typename T, typename... Extra>
void runCase(const Extra &...extra)
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, field);
    auto obj = json::parseObject(body);
    QVERIFY2(obj.ok(), body.constData());
    PARLEY_CHECK_RESULT(T::fromJson(*obj, extra...), code, field);
}

QString repeat(char c, int n)
{
    return QString(n, QLatin1Char(c));
}

QByteArray withString(const char *templ, const QString &value)
{
    QByteArray body(templ);
    return body.replace(
        "@", QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).mid(1).chopped(1));
}

} // namespace

class TestRequestCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseObject_data();
    void parseObject();
    void integers_data();
    void integers();
    void optionalReaders();
    void compact();

    void registerRequest_data();
    void registerRequest();
    void registerDefaults();
    void loginRequest_data();
    void loginRequest();
    void refreshRequest_data();
    void refreshRequest();
    void tokenPair();
    void createRoom_data();
    void createRoom();
    void createRoomNormalises();
    void sendMessage_data();
    void sendMessage();
    void sendMessageValues();
    void markRead_data();
    void markRead();
    void flag_data();
    void flag();
    void editMessage_data();
    void editMessage();
    void report_data();
    void report();
    void adminCreateUser_data();
    void adminCreateUser();
    void adminUpdateUser_data();
    void adminUpdateUser();
    void roundTrips();
};

// --- JsonFields ---------------------------------------------------------------------------------

void TestRequestCodec::parseObject_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message"); // "" = accepted, else the message's start
    const QString notObject = u"Body must be a JSON object"_s;
    const QString malformed = u"Malformed JSON: "_s;
    QTest::addRow("empty object") << QByteArray("{}") << QString();
    QTest::addRow("object with spaces") << QByteArray(" \n{ \"a\" : 1 }\n ") << QString();
    QTest::addRow("empty body") << QByteArray() << notObject;
    QTest::addRow("whitespace body") << QByteArray(" \r\n\t") << notObject;
    QTest::addRow("array") << QByteArray("[]") << notObject;
    QTest::addRow("array of objects") << QByteArray(R"([{"a":1}])") << notObject;
    QTest::addRow("number") << QByteArray("42") << notObject;
    QTest::addRow("string") << QByteArray(R"("hello")") << notObject;
    QTest::addRow("null") << QByteArray("null") << notObject;
    QTest::addRow("true") << QByteArray("true") << notObject;
    QTest::addRow("unterminated") << QByteArray(R"({"a":1)") << malformed;
    QTest::addRow("single quotes") << QByteArray("{'a':1}") << malformed;
    QTest::addRow("trailing comma") << QByteArray(R"({"a":1,})") << malformed;
    QTest::addRow("garbage after") << QByteArray(R"({"a":1} {"b":2})") << malformed;
    QTest::addRow("bare word") << QByteArray("hello") << malformed;
    QTest::addRow("form encoded") << QByteArray("username=a&password=b") << malformed;
    QTest::addRow("number too big") << QByteArray(R"({"a":1e400})") << malformed;
}

void TestRequestCodec::parseObject()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    const auto result = json::parseObject(body);
    if (message.isEmpty()) {
        QVERIFY(result.ok());
        return;
    }
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::BadRequest);
    QVERIFY2(result.error().message.startsWith(message), qPrintable(result.error().message));
    QVERIFY(result.error().field.isEmpty());
}

void TestRequestCodec::integers_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<qint64>("min");
    QTest::addColumn<qint64>("max");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("expected");
    const qint64 big = json::kMaxSafeInteger;
    QTest::addRow("zero") << QByteArray(R"({"n":0})") << 0LL << big << true << 0LL;
    QTest::addRow("positive") << QByteArray(R"({"n":42})") << 0LL << big << true << 42LL;
    QTest::addRow("whole float") << QByteArray(R"({"n":42.0})") << 0LL << big << true << 42LL;
    QTest::addRow("exponent") << QByteArray(R"({"n":1e3})") << 0LL << big << true << 1000LL;
    QTest::addRow("negative zero") << QByteArray(R"({"n":-0})") << 0LL << big << true << 0LL;
    QTest::addRow("max safe") << QByteArray(R"({"n":9007199254740991})") << 0LL << big << true
                              << big;
    QTest::addRow("2^53") << QByteArray(R"({"n":9007199254740992})") << 0LL << big << false << 0LL;
    QTest::addRow("2^53+1") << QByteArray(R"({"n":9007199254740993})") << 0LL << big << false
                            << 0LL;
    QTest::addRow("int64 max") << QByteArray(R"({"n":9223372036854775807})") << 0LL << big << false
                               << 0LL;
    QTest::addRow("beyond int64") << QByteArray(R"({"n":18446744073709551616})") << 0LL << big
                                  << false << 0LL;
    QTest::addRow("-2^53 with wide min")
        << QByteArray(R"({"n":-9007199254740993})") << -big << big << false << 0LL;
    QTest::addRow("1e300") << QByteArray(R"({"n":1e300})") << 0LL << big << false << 0LL;
    QTest::addRow("fraction") << QByteArray(R"({"n":1.5})") << 0LL << big << false << 0LL;
    QTest::addRow("tiny fraction") << QByteArray(R"({"n":0.0001})") << 0LL << big << false << 0LL;
    QTest::addRow("below min") << QByteArray(R"({"n":-1})") << 0LL << big << false << 0LL;
    QTest::addRow("at min") << QByteArray(R"({"n":5})") << 5LL << 10LL << true << 5LL;
    QTest::addRow("at max") << QByteArray(R"({"n":10})") << 5LL << 10LL << true << 10LL;
    QTest::addRow("above max") << QByteArray(R"({"n":11})") << 5LL << 10LL << false << 0LL;
    QTest::addRow("string") << QByteArray(R"({"n":"5"})") << 0LL << big << false << 0LL;
    QTest::addRow("bool") << QByteArray(R"({"n":true})") << 0LL << big << false << 0LL;
    QTest::addRow("array") << QByteArray(R"({"n":[5]})") << 0LL << big << false << 0LL;
    QTest::addRow("object") << QByteArray(R"({"n":{"v":5}})") << 0LL << big << false << 0LL;
}

void TestRequestCodec::integers()
{
    QFETCH(QByteArray, body);
    QFETCH(qint64, min);
    QFETCH(qint64, max);
    QFETCH(bool, valid);
    QFETCH(qint64, expected);
    const QJsonObject obj = object(body);
    const auto required = json::requireInt(obj, u"n"_s, min, max);
    const auto optional = json::optionalInt(obj, u"n"_s, min, max);
    QCOMPARE(required.ok(), valid);
    QCOMPARE(optional.ok(), valid);
    if (valid) {
        QCOMPARE(*required, expected);
        QCOMPARE(*optional, std::optional<qint64>(expected));
    } else {
        QCOMPARE(required.error().code, ErrorCode::ValidationFailed);
        QCOMPARE(required.error().field, u"n"_s);
        QCOMPARE(optional.error().field, u"n"_s);
    }
}

void TestRequestCodec::optionalReaders()
{
    const QJsonObject obj = object(R"({"nul":null,"s":"x","b":false,"o":{},"a":[],"n":1})");
    const QString absent = u"absent"_s;
    const QString nul = u"nul"_s;
    for (const QString &key : {absent, nul}) {
        QVERIFY(!*json::optionalString(obj, key));
        QVERIFY(!*json::optionalBool(obj, key));
        QVERIFY(!*json::optionalInt(obj, key, 0, 10));
        QVERIFY(!*json::optionalObject(obj, key));
        QVERIFY(!*json::optionalArray(obj, key));
        QVERIFY(json::optionalTime(obj, key).ok());
        QVERIFY(!json::optionalTime(obj, key)->isValid());
        // Required readers treat null as missing.
        PARLEY_CHECK_RESULT(json::requireString(obj, key), kValidation, key);
        PARLEY_CHECK_RESULT(json::requireBool(obj, key), kValidation, key);
        PARLEY_CHECK_RESULT(json::requireInt(obj, key, 0, 1), kValidation, key);
        PARLEY_CHECK_RESULT(json::requireObject(obj, key), kValidation, key);
        PARLEY_CHECK_RESULT(json::requireTime(obj, key), kValidation, key);
    }
    QCOMPARE(**json::optionalString(obj, u"s"_s), u"x"_s);
    QCOMPARE(**json::optionalBool(obj, u"b"_s), false);
    QVERIFY(json::optionalObject(obj, u"o"_s)->has_value());
    QVERIFY(json::optionalArray(obj, u"a"_s)->has_value());
    // Wrong JSON types are errors naming the field, never coerced.
    PARLEY_CHECK_RESULT(json::optionalString(obj, u"n"_s), kValidation, u"n"_s);
    PARLEY_CHECK_RESULT(json::optionalString(obj, u"o"_s), kValidation, u"o"_s);
    PARLEY_CHECK_RESULT(json::optionalBool(obj, u"s"_s), kValidation, u"s"_s);
    PARLEY_CHECK_RESULT(json::optionalBool(obj, u"n"_s), kValidation, u"n"_s);
    PARLEY_CHECK_RESULT(json::optionalObject(obj, u"a"_s), kValidation, u"a"_s);
    PARLEY_CHECK_RESULT(json::optionalArray(obj, u"o"_s), kValidation, u"o"_s);
    PARLEY_CHECK_RESULT(json::requireString(obj, u"b"_s), kValidation, u"b"_s);
    PARLEY_CHECK_RESULT(json::requireBool(obj, u"s"_s), kValidation, u"s"_s);
    PARLEY_CHECK_RESULT(json::requireTime(obj, u"s"_s), kValidation, u"s"_s);

    // nested() places a field under its parent.
    QCOMPARE(json::nested(Error::validation(u"id"_s, u"m"_s), u"sender"_s).field, u"sender.id"_s);
    QCOMPARE(json::nested(Error::validation(QString(), u"m"_s), u"user"_s).field, u"user"_s);
    QCOMPARE(json::nested(Error::validation(u"user.id"_s, u"m"_s), u"members[2]"_s).field,
             u"members[2].user.id"_s);
}

void TestRequestCodec::compact()
{
    QCOMPARE(json::compact(QJsonObject{{u"b"_s, 1}, {u"a"_s, u"x y"_s}}),
             QByteArray(R"({"a":"x y","b":1})"));
    QCOMPARE(json::compact(QJsonArray{1, u"two"_s, QJsonValue()}), QByteArray(R"([1,"two",null])"));
    QCOMPARE(json::stringOrNull(QString()), QJsonValue(QJsonValue::Null));
    QCOMPARE(json::stringOrNull(u"x"_s), QJsonValue(u"x"_s));
}

// --- auth ---------------------------------------------------------------------------------------

void TestRequestCodec::registerRequest_data()
{
    columns();
    ok("minimal", R"({"username":"alice","password":"correct horse"})");
    ok("with display name", R"({"username":"alice","password":"12345678","display_name":"Alice"})");
    ok("empty display name", R"({"username":"alice","password":"12345678","display_name":""})");
    ok("null display name", R"({"username":"alice","password":"12345678","display_name":null})");
    ok("3-char username", R"({"username":"abc","password":"12345678"})");
    ok("extra keys ignored", R"({"username":"abc","password":"12345678","role":"admin"})");
    missingEverything(u"username"_s);
    bad("username missing", R"({"password":"12345678"})", u"username"_s);
    bad("username null", R"({"username":null,"password":"12345678"})", u"username"_s);
    bad("username number", R"({"username":123,"password":"12345678"})", u"username"_s);
    bad("username array", R"({"username":["alice"],"password":"12345678"})", u"username"_s);
    bad("username 2 chars", R"({"username":"ab","password":"12345678"})", u"username"_s);
    bad("username uppercase", R"({"username":"Alice","password":"12345678"})", u"username"_s);
    bad("username 33 chars", withString(R"({"username":@,"password":"12345678"})", repeat('a', 33)),
        u"username"_s);
    bad("password missing", R"({"username":"alice"})", u"password"_s);
    bad("password number", R"({"username":"alice","password":12345678})", u"password"_s);
    bad("password 7 chars", R"({"username":"alice","password":"1234567"})", u"password"_s);
    bad("password 129 chars", withString(R"({"username":"alice","password":@})", repeat('p', 129)),
        u"password"_s);
    ok("password 128 chars", withString(R"({"username":"alice","password":@})", repeat('p', 128)));
    bad("display name blank", R"({"username":"alice","password":"12345678","display_name":"  "})",
        u"display_name"_s);
    bad("display name 65",
        withString(R"({"username":"alice","password":"12345678","display_name":@})",
                   repeat('d', 65)),
        u"display_name"_s);
    bad("display name control",
        R"({"username":"alice","password":"12345678","display_name":"A\u0001"})",
        u"display_name"_s);
    bad("display name number", R"({"username":"alice","password":"12345678","display_name":5})",
        u"display_name"_s);
}

void TestRequestCodec::registerRequest()
{
    runCase<RegisterRequest>();
}

void TestRequestCodec::registerDefaults()
{
    auto plain = RegisterRequest::fromJson(object(R"({"username":"alice","password":"12345678"})"));
    QVERIFY(plain.ok());
    QCOMPARE(plain->username, u"alice"_s);
    QCOMPARE(plain->password, u"12345678"_s);
    QCOMPARE(plain->displayName, u"alice"_s);
    auto empty = RegisterRequest::fromJson(
        object(R"({"username":"alice","password":"12345678","display_name":""})"));
    QVERIFY(empty.ok());
    QCOMPARE(empty->displayName, u"alice"_s);
    auto padded = RegisterRequest::fromJson(
        object(R"({"username":"alice","password":"12345678","display_name":"  Alice A.  "})"));
    QVERIFY(padded.ok());
    QCOMPARE(padded->displayName, u"Alice A."_s);
    // The password is kept exactly, spaces included.
    auto spaced =
        RegisterRequest::fromJson(object(R"({"username":"alice","password":"  pass  word  "})"));
    QVERIFY(spaced.ok());
    QCOMPARE(spaced->password, u"  pass  word  "_s);
}

void TestRequestCodec::loginRequest_data()
{
    columns();
    ok("valid", R"({"username":"alice","password":"12345678"})");
    // Login does not validate lengths: a wrong password of any length is just a failed login.
    ok("short password", R"({"username":"alice","password":"x"})");
    ok("uppercase username", R"({"username":"Alice","password":"x"})");
    ok("empty strings", R"({"username":"","password":""})");
    missingEverything(u"username"_s);
    bad("username missing", R"({"password":"x"})", u"username"_s);
    bad("password missing", R"({"username":"alice"})", u"password"_s);
    bad("password null", R"({"username":"alice","password":null})", u"password"_s);
    bad("username number", R"({"username":1,"password":"x"})", u"username"_s);
    bad("password object", R"({"username":"alice","password":{}})", u"password"_s);
    bad("password bool", R"({"username":"alice","password":true})", u"password"_s);
}

void TestRequestCodec::loginRequest()
{
    runCase<LoginRequest>();
}

void TestRequestCodec::refreshRequest_data()
{
    columns();
    ok("valid", R"({"refresh":"abc.def"})");
    missingEverything(u"refresh"_s);
    bad("null", R"({"refresh":null})", u"refresh"_s);
    bad("empty", R"({"refresh":""})", u"refresh"_s);
    bad("number", R"({"refresh":12})", u"refresh"_s);
    bad("array", R"({"refresh":["abc"]})", u"refresh"_s);
    bad("other key", R"({"token":"abc"})", u"refresh"_s);
}

void TestRequestCodec::refreshRequest()
{
    runCase<RefreshRequest>();
}

void TestRequestCodec::tokenPair()
{
    TokenPair pair;
    pair.access = u"a.b.c"_s;
    pair.refresh = u"r-1"_s;
    const QJsonObject noUser = pair.toJson();
    QCOMPARE(testutil::sortedKeys(noUser), (QStringList{u"access"_s, u"refresh"_s}));
    auto back = TokenPair::fromJson(noUser);
    QVERIFY(back.ok());
    QVERIFY(!back->user);
    QCOMPARE(back->access, pair.access);
    QCOMPARE(back->refresh, pair.refresh);

    pair.user = User{u"u-1"_s, u"alice"_s, u"Alice"_s, Role::Customer, std::nullopt, std::nullopt};
    const QJsonObject withUser = pair.toJson();
    QCOMPARE(testutil::sortedKeys(withUser), (QStringList{u"access"_s, u"refresh"_s, u"user"_s}));
    back = TokenPair::fromJson(withUser);
    QVERIFY(back.ok());
    QVERIFY(back->user && *back->user == *pair.user);

    PARLEY_CHECK_RESULT(TokenPair::fromJson(object(R"({"refresh":"r"})")), kValidation,
                        u"access"_s);
    PARLEY_CHECK_RESULT(TokenPair::fromJson(object(R"({"access":"a","refresh":5})")), kValidation,
                        u"refresh"_s);
    PARLEY_CHECK_RESULT(TokenPair::fromJson(object(R"({"access":"a","refresh":"r","user":[]})")),
                        kValidation, u"user"_s);
    PARLEY_CHECK_RESULT(
        TokenPair::fromJson(object(R"({"access":"a","refresh":"r","user":{"id":"u"}})")),
        kValidation, u"user.username"_s);
}

// --- rooms --------------------------------------------------------------------------------------

void TestRequestCodec::createRoom_data()
{
    columns();
    ok("support", R"({"kind":"support"})");
    ok("support with subject", R"({"kind":"support","subject":"Help needed"})");
    ok("support, null order_ref", R"({"kind":"support","order_ref":null})");
    ok("order", R"({"kind":"order","order_ref":"ORD-1001"})");
    ok("order ref 64", withString(R"({"kind":"order","order_ref":@})", repeat('O', 64)));
    ok("direct", R"({"kind":"direct","members":[")" + kUuid1 + R"("]})");
    ok("direct uppercase uuid", R"({"kind":"direct","members":[")" + kUuid2 + R"("]})");
    ok("direct duplicate member",
       R"({"kind":"direct","members":[")" + kUuid1 + R"(",")" + kUuid1 + R"("]})");
    ok("group empty", R"({"kind":"group"})");
    ok("group empty members", R"({"kind":"group","members":[]})");
    ok("group two", R"({"kind":"group","members":[")" + kUuid1 + R"(",")" + kUuid2 + R"("]})");
    ok("subject 200", withString(R"({"kind":"group","subject":@})", repeat('s', 200)));
    ok("subject null", R"({"kind":"group","subject":null})");
    missingEverything(u"kind"_s);
    bad("kind null", R"({"kind":null})", u"kind"_s);
    bad("kind unknown", R"({"kind":"channel"})", u"kind"_s);
    bad("kind uppercase", R"({"kind":"Support"})", u"kind"_s);
    bad("kind number", R"({"kind":1})", u"kind"_s);
    bad("subject 201", withString(R"({"kind":"group","subject":@})", repeat('s', 201)),
        u"subject"_s);
    bad("subject number", R"({"kind":"group","subject":5})", u"subject"_s);
    bad("subject object", R"({"kind":"group","subject":{}})", u"subject"_s);
    bad("order without ref", R"({"kind":"order"})", u"order_ref"_s);
    bad("order null ref", R"({"kind":"order","order_ref":null})", u"order_ref"_s);
    bad("order empty ref", R"({"kind":"order","order_ref":""})", u"order_ref"_s);
    bad("order blank ref", R"({"kind":"order","order_ref":"   "})", u"order_ref"_s);
    bad("order ref 65", withString(R"({"kind":"order","order_ref":@})", repeat('O', 65)),
        u"order_ref"_s);
    bad("order ref control", R"({"kind":"order","order_ref":"ORD\n1"})", u"order_ref"_s);
    bad("order ref number", R"({"kind":"order","order_ref":1001})", u"order_ref"_s);
    bad("support ref number", R"({"kind":"support","order_ref":1001})", u"order_ref"_s);
    bad("direct no members", R"({"kind":"direct"})", u"members"_s);
    bad("direct empty members", R"({"kind":"direct","members":[]})", u"members"_s);
    bad("direct two members",
        R"({"kind":"direct","members":[")" + kUuid1 + R"(",")" + kUuid2 + R"("]})", u"members"_s);
    bad("members string", R"({"kind":"group","members":")" + kUuid1 + R"("})", u"members"_s);
    bad("members object", R"({"kind":"group","members":{}})", u"members"_s);
    bad("members numbers", R"({"kind":"group","members":[1,2]})", u"members"_s);
    bad("members null entry", R"({"kind":"group","members":[null]})", u"members"_s);
    bad("members not uuids", R"({"kind":"group","members":["bob"]})", u"members"_s);
    bad("members objects", R"({"kind":"group","members":[{"id":")" + kUuid1 + R"("}]})",
        u"members"_s);
}

void TestRequestCodec::createRoom()
{
    runCase<CreateRoomRequest>();
}

void TestRequestCodec::createRoomNormalises()
{
    auto direct = CreateRoomRequest::fromJson(object(R"({"kind":"direct","subject":"Hi",
        "members":[")" + kUuid2 + R"(",")" + kUuid2.toLower() +
                                                     R"("]})"));
    QVERIFY(direct.ok());
    QCOMPARE(direct->kind, RoomKind::Direct);
    QCOMPARE(direct->subject, u"Hi"_s);
    QCOMPARE(direct->members, QStringList{QString::fromLatin1(kUuid2.toLower())});

    auto order = CreateRoomRequest::fromJson(object(R"({"kind":"order","order_ref":" ORD-1 "})"));
    QVERIFY(order.ok());
    QCOMPARE(order->orderRef, u"ORD-1"_s);
    QVERIFY(order->subject.isEmpty());
    QVERIFY(order->members.isEmpty());

    // Only order rooms carry an order reference.
    auto support = CreateRoomRequest::fromJson(object(R"({"kind":"support","order_ref":"ORD-1"})"));
    QVERIFY(support.ok());
    QVERIFY(support->orderRef.isEmpty());
}

// --- messages -----------------------------------------------------------------------------------

void TestRequestCodec::sendMessage_data()
{
    columns();
    ok("text", R"({"type":"text","content":"Hello!"})");
    bad("type missing", R"({"content":"Hello!"})", u"type"_s);
    bad("type null", R"({"type":null,"content":"Hello!"})", u"type"_s);
    ok("with client_id", R"({"type":"text","client_id":"c-1","content":"Hi"})");
    ok("client_id 64", withString(R"({"type":"text","client_id":@,"content":"Hi"})", repeat('c', 64)));
    ok("null client_id", R"({"type":"text","client_id":null,"content":"Hi"})");
    ok("reply_to", R"({"type":"text","content":"Hi","reply_to":")" + kUuid1 + R"("})");
    ok("reply_to null", R"({"type":"text","content":"Hi","reply_to":null})");
    ok("metadata on text", R"({"type":"text","content":"Hi","metadata":{"x":1}})");
    ok("text 4000", withString(R"({"type":"text","content":@})", repeat('t', 4000)));
    ok("location", R"({"type":"location","metadata":{"lat":52.5,"lng":13.4}})");
    ok("location with content",
       R"({"type":"location","content":"here","metadata":{"lat":90,"lng":-180}})");
    ok("location empty content",
       R"({"type":"location","content":"","metadata":{"lat":0,"lng":0}})");
    ok("image", R"({"type":"image","attachment_id":"att-1"})");
    ok("image caption", R"({"type":"image","attachment_id":"att-1","content":"look"})");
    ok("file", R"({"type":"file","attachment_id":"att-1","content":""})");
    ok("file caption 4000",
       withString(R"({"type":"file","attachment_id":"a","content":@})", repeat('c', 4000)));
    ok("text ignores attachment_id", R"({"type":"text","content":"Hi","attachment_id":"att-1"})");

    bad("system", R"({"type":"system","content":"joined"})", u"type"_s);
    bad("unknown type", R"({"type":"video","content":"x"})", u"type"_s);
    bad("type number", R"({"type":1,"content":"x"})", u"type"_s);
    bad("type uppercase", R"({"type":"TEXT","content":"x"})", u"type"_s);
    missingEverything(u"type"_s);
    bad("text null content", R"({"type":"text","content":null})", u"content"_s);
    bad("text empty", R"({"type":"text","content":""})", u"content"_s);
    bad("text blank", R"({"type":"text","content":"  \n\t "})", u"content"_s);
    bad("text NUL", R"({"type":"text","content":"a\u0000b"})", u"content"_s);
    bad("text 4001", withString(R"({"type":"text","content":@})", repeat('t', 4001)), u"content"_s);
    bad("content number", R"({"type":"text","content":5})", u"content"_s);
    bad("content object", R"({"type":"text","content":{"text":"hi"}})", u"content"_s);
    bad("client_id empty", R"({"type":"text","client_id":"","content":"Hi"})", u"client_id"_s);
    bad("client_id 65", withString(R"({"type":"text","client_id":@,"content":"Hi"})", repeat('c', 65)),
        u"client_id"_s);
    bad("client_id number", R"({"type":"text","client_id":7,"content":"Hi"})", u"client_id"_s);
    bad("reply_to not uuid", R"({"type":"text","content":"Hi","reply_to":"m-1"})", u"reply_to"_s);
    bad("reply_to empty", R"({"type":"text","content":"Hi","reply_to":""})", u"reply_to"_s);
    bad("reply_to number", R"({"type":"text","content":"Hi","reply_to":5})", u"reply_to"_s);
    bad("metadata array", R"({"type":"text","content":"Hi","metadata":[]})", u"metadata"_s);
    bad("metadata string", R"({"type":"text","content":"Hi","metadata":"{}"})", u"metadata"_s);
    bad("location no metadata", R"({"type":"location"})", u"metadata.lat"_s);
    bad("location metadata array", R"({"type":"location","metadata":[52,13]})", u"metadata"_s);
    bad("location lat string", R"({"type":"location","metadata":{"lat":"52","lng":13}})",
        u"metadata.lat"_s);
    bad("location lat 90.0001", R"({"type":"location","metadata":{"lat":90.0001,"lng":13}})",
        u"metadata.lat"_s);
    bad("location lng missing", R"({"type":"location","metadata":{"lat":1}})", u"metadata.lng"_s);
    bad("location lng 181", R"({"type":"location","metadata":{"lat":1,"lng":181}})",
        u"metadata.lng"_s);
    bad("location content 4001",
        withString(R"({"type":"location","metadata":{"lat":1,"lng":1},"content":@})",
                   repeat('c', 4001)),
        u"content"_s);
    bad("location content number",
        R"({"type":"location","metadata":{"lat":1,"lng":1},"content":1})", u"content"_s);
    bad("image no attachment", R"({"type":"image","content":"look"})", u"attachment_id"_s);
    bad("image empty attachment", R"({"type":"image","attachment_id":""})", u"attachment_id"_s);
    bad("file null attachment", R"({"type":"file","attachment_id":null})", u"attachment_id"_s);
    bad("file attachment number", R"({"type":"file","attachment_id":12})", u"attachment_id"_s);
    bad("file attachment object", R"({"type":"file","attachment_id":{"id":"a"}})",
        u"attachment_id"_s);
    bad("image caption 4001",
        withString(R"({"type":"image","attachment_id":"a","content":@})", repeat('c', 4001)),
        u"content"_s);
    bad("file caption NUL", R"({"type":"file","attachment_id":"a","content":"\u0000"})",
        u"content"_s);
}

void TestRequestCodec::sendMessage()
{
    runCase<SendMessageRequest>();
}

void TestRequestCodec::sendMessageValues()
{
    auto text = SendMessageRequest::fromJson(object(R"({"type":"text","client_id":"c-9","content":" Hi ",
        "reply_to":")" + kUuid2 + R"(","metadata":{"k":"v"}})"));
    QVERIFY(text.ok());
    QCOMPARE(text->type, MessageType::Text);
    QCOMPARE(text->clientId, u"c-9"_s);
    QCOMPARE(text->content, u" Hi "_s); // stored as sent
    QCOMPARE(text->replyTo, QString::fromLatin1(kUuid2).toLower());
    QCOMPARE(text->metadata, (QJsonObject{{u"k"_s, u"v"_s}}));
    QVERIFY(text->attachmentId.isEmpty());

    auto image =
        SendMessageRequest::fromJson(object(R"({"type":"image","attachment_id":"att-7"})"));
    QVERIFY(image.ok());
    QCOMPARE(image->type, MessageType::Image);
    QCOMPARE(image->attachmentId, u"att-7"_s);
    QVERIFY(image->content.isEmpty());

    // The type field is named by the caller: `message_type` on the socket.
    auto ws = SendMessageRequest::fromJson(
        object(R"({"message_type":"location","metadata":{"lat":1,"lng":2}})"), u"message_type"_s);
    QVERIFY(ws.ok());
    QCOMPARE(ws->type, MessageType::Location);
    PARLEY_CHECK_RESULT(
        SendMessageRequest::fromJson(object(R"({"message_type":"system"})"), u"message_type"_s),
        kValidation, u"message_type"_s);
    const auto system = SendMessageRequest::fromJson(object(R"({"type":"system","content":"x"})"));
    QVERIFY(!system.ok());
    QCOMPARE(system.error().message, u"clients cannot send system messages"_s);
}

void TestRequestCodec::markRead_data()
{
    columns();
    ok("empty body", "{}");
    ok("zero", R"({"up_to_seq":0})");
    ok("value", R"({"up_to_seq":42})");
    ok("null", R"({"up_to_seq":null})");
    ok("max safe", R"({"up_to_seq":9007199254740991})");
    bad("negative", R"({"up_to_seq":-1})", u"up_to_seq"_s);
    bad("fraction", R"({"up_to_seq":4.5})", u"up_to_seq"_s);
    bad("string", R"({"up_to_seq":"42"})", u"up_to_seq"_s);
    bad("huge", R"({"up_to_seq":1e20})", u"up_to_seq"_s);
    bad("above 2^53", R"({"up_to_seq":9007199254740993})", u"up_to_seq"_s);
    bad("array", R"({"up_to_seq":[42]})", u"up_to_seq"_s);
    bad("bool", R"({"up_to_seq":true})", u"up_to_seq"_s);
}

void TestRequestCodec::markRead()
{
    runCase<MarkReadRequest>();
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    if (code.isEmpty()) {
        const QJsonValue v = object(body).value(u"up_to_seq"_s);
        const auto r = MarkReadRequest::fromJson(object(body));
        QCOMPARE(r->upToSeq.has_value(), v.isDouble());
        if (v.isDouble())
            QCOMPARE(*r->upToSeq, v.toInteger());
    }
}

void TestRequestCodec::flag_data()
{
    QTest::addColumn<QString>("name");
    columns();
    const auto row = [](const char *rowName, const QString &name, const QByteArray &body,
                        const QString &code, const QString &field) {
        QTest::addRow("%s", rowName) << name << body << code << field;
    };
    row("muted true", u"muted"_s, R"({"muted":true})", QString(), QString());
    row("muted false", u"muted"_s, R"({"muted":false})", QString(), QString());
    row("archived true", u"archived"_s, R"({"archived":true})", QString(), QString());
    row("muted missing", u"muted"_s, "{}", kValidation, u"muted"_s);
    row("muted null", u"muted"_s, R"({"muted":null})", kValidation, u"muted"_s);
    row("muted string", u"muted"_s, R"({"muted":"true"})", kValidation, u"muted"_s);
    row("muted number", u"muted"_s, R"({"muted":1})", kValidation, u"muted"_s);
    row("archived under muted", u"archived"_s, R"({"muted":true})", kValidation, u"archived"_s);
    row("archived array", u"archived"_s, R"({"archived":[true]})", kValidation, u"archived"_s);
}

void TestRequestCodec::flag()
{
    QFETCH(QString, name);
    runCase<FlagRequest>(name);
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    if (code.isEmpty()) {
        const auto r = FlagRequest::fromJson(object(body), name);
        QCOMPARE(r->value, object(body).value(name).toBool());
        PARLEY_COMPARE_JSON(r->toJson(name), object(body));
    }
}

void TestRequestCodec::editMessage_data()
{
    columns();
    ok("valid", R"({"content":"fixed typo"})");
    ok("4000", withString(R"({"content":@})", repeat('e', 4000)));
    missingEverything(u"content"_s);
    bad("null", R"({"content":null})", u"content"_s);
    bad("empty", R"({"content":""})", u"content"_s);
    bad("blank", R"({"content":"   "})", u"content"_s);
    bad("4001", withString(R"({"content":@})", repeat('e', 4001)), u"content"_s);
    bad("NUL", R"({"content":"\u0000"})", u"content"_s);
    bad("number", R"({"content":1})", u"content"_s);
    bad("array", R"({"content":["a"]})", u"content"_s);
}

void TestRequestCodec::editMessage()
{
    runCase<EditMessageRequest>();
}

void TestRequestCodec::report_data()
{
    columns();
    ok("valid", R"({"reason":"spam"})");
    ok("1 char", R"({"reason":"x"})");
    ok("1000", withString(R"({"reason":@})", repeat('r', 1000)));
    missingEverything(u"reason"_s);
    bad("null", R"({"reason":null})", u"reason"_s);
    bad("empty", R"({"reason":""})", u"reason"_s);
    bad("blank", R"({"reason":" \n "})", u"reason"_s);
    bad("1001", withString(R"({"reason":@})", repeat('r', 1001)), u"reason"_s);
    bad("number", R"({"reason":3})", u"reason"_s);
    bad("object", R"({"reason":{"text":"spam"}})", u"reason"_s);
}

void TestRequestCodec::report()
{
    runCase<ReportRequest>();
}

// --- admin --------------------------------------------------------------------------------------

void TestRequestCodec::adminCreateUser_data()
{
    columns();
    ok("staff", R"({"username":"bob","password":"12345678","display_name":"Bob","role":"staff"})");
    ok("admin no display name", R"({"username":"root","password":"12345678","role":"admin"})");
    ok("customer", R"({"username":"carol","password":"12345678","role":"customer"})");
    missingEverything(u"username"_s);
    bad("role missing", R"({"username":"bob","password":"12345678"})", u"role"_s);
    bad("role null", R"({"username":"bob","password":"12345678","role":null})", u"role"_s);
    bad("role unknown", R"({"username":"bob","password":"12345678","role":"root"})", u"role"_s);
    bad("role uppercase", R"({"username":"bob","password":"12345678","role":"Staff"})", u"role"_s);
    bad("role number", R"({"username":"bob","password":"12345678","role":1})", u"role"_s);
    bad("username uppercase", R"({"username":"Bob","password":"12345678","role":"staff"})",
        u"username"_s);
    bad("password short", R"({"username":"bob","password":"1234567","role":"staff"})",
        u"password"_s);
    bad("display name blank",
        R"({"username":"bob","password":"12345678","display_name":" ","role":"staff"})",
        u"display_name"_s);
}

void TestRequestCodec::adminCreateUser()
{
    runCase<AdminCreateUserRequest>();
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    if (code.isEmpty()) {
        const QJsonObject obj = object(body);
        const auto r = AdminCreateUserRequest::fromJson(obj);
        QCOMPARE(r->username, obj.value(u"username"_s).toString());
        QCOMPARE(roleName(r->role), obj.value(u"role"_s).toString());
        QCOMPARE(r->displayName, obj.value(u"display_name"_s).toString(r->username));
    }
}

void TestRequestCodec::adminUpdateUser_data()
{
    columns();
    ok("role", R"({"role":"admin"})");
    ok("blocked", R"({"blocked":true})");
    ok("unblock", R"({"blocked":false})");
    ok("display name", R"({"display_name":"New Name"})");
    ok("all", R"({"role":"customer","blocked":false,"display_name":"X"})");
    ok("one set, others null", R"({"role":"staff","blocked":null,"display_name":null})");
    bad("empty", "{}", QString(), kBadRequest);
    bad("all null", R"({"role":null,"blocked":null,"display_name":null})", QString(), kBadRequest);
    bad("only unknown keys", R"({"password":"12345678"})", QString(), kBadRequest);
    bad("role unknown", R"({"role":"god"})", u"role"_s);
    bad("role number", R"({"role":2})", u"role"_s);
    bad("blocked string", R"({"blocked":"yes"})", u"blocked"_s);
    bad("blocked number", R"({"blocked":1})", u"blocked"_s);
    bad("display name empty", R"({"display_name":""})", u"display_name"_s);
    bad("display name 65", withString(R"({"display_name":@})", repeat('n', 65)), u"display_name"_s);
    bad("display name array", R"({"display_name":["x"]})", u"display_name"_s);
}

void TestRequestCodec::adminUpdateUser()
{
    runCase<AdminUpdateUserRequest>();
}

void TestRequestCodec::roundTrips()
{
    const auto reparse = [](const QJsonObject &obj) {
        auto parsed = json::parseObject(testutil::text(obj));
        return parsed.ok() ? *parsed : QJsonObject();
    };

    RegisterRequest reg{u"alice"_s, u"p4ssw0rd!"_s, u"Alice"_s};
    auto reg2 = RegisterRequest::fromJson(reparse(reg.toJson()));
    QVERIFY(reg2.ok());
    QCOMPARE(reg2->username, reg.username);
    QCOMPARE(reg2->password, reg.password);
    QCOMPARE(reg2->displayName, reg.displayName);
    QCOMPARE(testutil::sortedKeys(reg.toJson()),
             (QStringList{u"display_name"_s, u"password"_s, u"username"_s}));

    LoginRequest login{u"alice"_s, u"x"_s};
    auto login2 = LoginRequest::fromJson(reparse(login.toJson()));
    QVERIFY(login2.ok());
    QCOMPARE(login2->username, login.username);
    QCOMPARE(login2->password, login.password);

    RefreshRequest refresh{u"tok"_s};
    QCOMPARE(RefreshRequest::fromJson(reparse(refresh.toJson()))->refresh, refresh.refresh);

    for (const RoomKind kind :
         {RoomKind::Support, RoomKind::Order, RoomKind::Direct, RoomKind::Group}) {
        CreateRoomRequest room;
        room.kind = kind;
        room.subject = u"Subject"_s;
        if (kind == RoomKind::Order)
            room.orderRef = u"ORD-1"_s;
        if (kind == RoomKind::Direct || kind == RoomKind::Group)
            room.members = {QString::fromLatin1(kUuid1)};
        auto back = CreateRoomRequest::fromJson(reparse(room.toJson()));
        QVERIFY2(back.ok(), qPrintable(roomKindName(kind)));
        QCOMPARE(back->kind, room.kind);
        QCOMPARE(back->subject, room.subject);
        QCOMPARE(back->orderRef, room.orderRef);
        QCOMPARE(back->members, room.members);
    }

    const QList<SendMessageRequest> sends{
        {u"c-1"_s, MessageType::Text, u"Hello"_s, {}, QString::fromLatin1(kUuid1), {}},
        {{}, MessageType::Location, {}, QJsonObject{{u"lat"_s, 1.5}, {u"lng"_s, -2}}, {}, {}},
        {u"c-2"_s, MessageType::Image, u"caption"_s, {}, {}, u"att-1"_s},
        {u"c-3"_s, MessageType::File, {}, QJsonObject{{u"k"_s, true}}, {}, u"att-2"_s},
    };
    for (const SendMessageRequest &send : sends) {
        auto back = SendMessageRequest::fromJson(reparse(send.toJson()));
        QVERIFY2(back.ok(), testutil::text(send.toJson()).constData());
        QCOMPARE(back->clientId, send.clientId);
        QCOMPARE(back->type, send.type);
        QCOMPARE(back->content, send.content);
        QCOMPARE(back->metadata, send.metadata);
        QCOMPARE(back->replyTo, send.replyTo);
        QCOMPARE(back->attachmentId, send.attachmentId);
    }

    for (const std::optional<qint64> &upTo : {std::optional<qint64>(), std::optional<qint64>(7)}) {
        MarkReadRequest mark{upTo};
        QCOMPARE(MarkReadRequest::fromJson(reparse(mark.toJson()))->upToSeq, upTo);
    }

    EditMessageRequest edit{u"new text"_s};
    QCOMPARE(EditMessageRequest::fromJson(reparse(edit.toJson()))->content, edit.content);
    ReportRequest report{u"spam"_s};
    QCOMPARE(ReportRequest::fromJson(reparse(report.toJson()))->reason, report.reason);

    AdminCreateUserRequest create{u"bob"_s, u"12345678"_s, u"Bob"_s, Role::Admin};
    auto create2 = AdminCreateUserRequest::fromJson(reparse(create.toJson()));
    QVERIFY(create2.ok());
    QCOMPARE(create2->username, create.username);
    QCOMPARE(create2->password, create.password);
    QCOMPARE(create2->displayName, create.displayName);
    QCOMPARE(create2->role, create.role);

    AdminUpdateUserRequest update{Role::Customer, true, u"Name"_s};
    auto update2 = AdminUpdateUserRequest::fromJson(reparse(update.toJson()));
    QVERIFY(update2.ok());
    QCOMPARE(update2->role, update.role);
    QCOMPARE(update2->blocked, update.blocked);
    QCOMPARE(update2->displayName, update.displayName);
    AdminUpdateUserRequest onlyBlocked{std::nullopt, false, std::nullopt};
    QCOMPARE(testutil::sortedKeys(onlyBlocked.toJson()), QStringList{u"blocked"_s});
    auto only2 = AdminUpdateUserRequest::fromJson(reparse(onlyBlocked.toJson()));
    QVERIFY(only2.ok());
    QVERIFY(!only2->role && !only2->displayName);
    QCOMPARE(only2->blocked, std::optional<bool>(false));
}

QTEST_APPLESS_MAIN(TestRequestCodec)
#include "tst_request_codec.moc"
