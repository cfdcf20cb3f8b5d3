// End-to-end tests of /api/auth/* and /api/me against the real server (PROTOCOL.md "Auth",
// docs/API.md "Auth" and "Conventions").
#include "ApiTest.h"

#include <QDateTime>

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

// The secret of the second server that lets this test forge tokens.
const QByteArray kForgeSecret = "tst-auth-api-known-secret-0123456789abcdef0123456789abcdef";

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

class tst_AuthApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void registerAnswersTokensAndCustomer();
    void registerDefaultsDisplayName();
    void registerBoundaries();
    void registerValidation_data();
    void registerValidation();
    void registerDuplicateUsername();

    void login();
    void loginFailuresLookAlike();
    void loginValidation_data();
    void loginValidation();

    void meRejectsBadTokens_data();
    void meRejectsBadTokens();
    void expiredAndForgedTokens();

    void refreshRotates();
    void refreshReuseRevokesTheFamily();
    void refreshRejectsUnknownToken();
    void logout();

    void blockedUser();

    void trailingSlash_data();
    void trailingSlash();
    void unknownPath_data();
    void unknownPath();
    void wrongMethod_data();
    void wrongMethod();

    void tokensSurviveRestart();

private:
    TestServer m_server;
    ApiClient m_api{&m_server};
    Session m_alice; // a plain customer shared by the read-only tests
    Session m_admin;
};

void tst_AuthApi::initTestCase()
{
    const auto dumpLog = qScopeGuard([this] { m_server.dumpLogIfFailed(); });
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_alice = m_api.registerUser(uniqueName(u"alice"_s));
    m_admin = m_server.createUser(uniqueName(u"admin"_s), u"admin"_s);
}

void tst_AuthApi::cleanup()
{
    m_server.dumpLogIfFailed();
}

void tst_AuthApi::registerAnswersTokensAndCustomer()
{
    const QString name = uniqueName(u"reg"_s);
    const Reply reply = m_api.post(u"/api/auth/register"_s, {{u"username"_s, name},
                                                             {u"password"_s, u"password-123"_s},
                                                             {u"display_name"_s, u"Regina Reg"_s}});
    EXPECT_STATUS(reply, 201);
    QVERIFY2(reply.header("content-type").startsWith("application/json"),
             qPrintable(reply.describe()));
    const QJsonObject user = reply.obj().value("user"_L1).toObject();
    EXPECT_MATCH(user.value("id"_L1).toString(), kUuidPattern);
    QCOMPARE(user.value("username"_L1).toString(), name);
    QCOMPARE(user.value("display_name"_L1).toString(), u"Regina Reg"_s);
    QCOMPARE(user.value("role"_L1).toString(), u"customer"_s);
    QVERIFY2(!reply.obj().contains("password"_L1) && !user.contains("password"_L1) &&
                 !reply.body.contains("argon2"),
             qPrintable(reply.describe()));

    const QString access = reply.obj().value("access"_L1).toString();
    const QString refresh = reply.obj().value("refresh"_L1).toString();
    QVERIFY2(!access.isEmpty() && !refresh.isEmpty(), qPrintable(reply.describe()));
    QVERIFY(access != refresh);

    // The access token is an HS256 JWT: sub = user id, role, iat, exp 15 minutes later.
    QCOMPARE(jwt::header(access).value("alg"_L1).toString(), u"HS256"_s);
    const QJsonObject claims = jwt::payload(access);
    QCOMPARE(claims.value("sub"_L1).toString(), user.value("id"_L1).toString());
    QCOMPARE(claims.value("role"_L1).toString(), u"customer"_s);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const qint64 exp = claims.value("exp"_L1).toInteger();
    const qint64 iat = claims.value("iat"_L1).toInteger();
    QVERIFY2(qAbs(iat - now) <= 60, qPrintable(u"iat %1, now %2"_s.arg(iat).arg(now)));
    QCOMPARE(exp - iat, 15 * 60);

    // The new access token works at once and /api/me is the same user.
    const Reply me = m_api.get(u"/api/me"_s, {}, access);
    EXPECT_STATUS(me, 200);
    QCOMPARE(me.obj().value("id"_L1), user.value("id"_L1));
    QCOMPARE(me.obj().value("username"_L1).toString(), name);
    QCOMPARE(me.obj().value("display_name"_L1).toString(), u"Regina Reg"_s);
    QCOMPARE(me.obj().value("role"_L1).toString(), u"customer"_s);

    // The shared protocol library reads the answer too.
    const auto decoded = parley::User::fromJson(user);
    QVERIFY2(decoded.ok(), qPrintable(reply.describe()));
    QCOMPARE(decoded->role, parley::Role::Customer);
}

void tst_AuthApi::registerDefaultsDisplayName()
{
    const QString name = uniqueName(u"nodisplay"_s);
    const Session session = m_api.registerUser(name);
    RETURN_IF_FAILED();
    QCOMPARE(session.user.displayName, name);
    const Reply me = m_api.get(u"/api/me"_s, session);
    EXPECT_STATUS(me, 200);
    QCOMPARE(me.obj().value("display_name"_L1).toString(), name);
}

void tst_AuthApi::registerBoundaries()
{
    // 3 and 32 characters, every allowed character class, passwords of 8 and 128.
    const QString shortest = u"a.-"_s;
    const QString longest = uniqueName(u"b_.-"_s).leftJustified(32, u'x');
    QCOMPARE(longest.size(), 32);
    EXPECT_STATUS(m_api.post(u"/api/auth/register"_s,
                             {{u"username"_s, shortest}, {u"password"_s, QString(8, u'p')}}),
                  201);
    EXPECT_STATUS(m_api.post(u"/api/auth/register"_s,
                             {{u"username"_s, longest}, {u"password"_s, QString(128, u'p')}}),
                  201);
    EXPECT_STATUS(m_api.post(u"/api/auth/register"_s, {{u"username"_s, uniqueName(u"dn64"_s)},
                                                       {u"password"_s, u"password-123"_s},
                                                       {u"display_name"_s, QString(64, u'D')}}),
                  201);
    m_api.login(shortest, QString(8, u'p'));
    RETURN_IF_FAILED();
    m_api.login(longest, QString(128, u'p'));
}

void tst_AuthApi::registerValidation_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");

    const QString validName = u"valid_name"_s; // never registered: every row fails
    const auto row = [](const char *name, const QJsonObject &body, const char *field) {
        QTest::newRow(name) << json(body) << u"validation_failed"_s << QString::fromLatin1(field);
    };
    const QJsonValue pw = u"password-123"_s;
    row("username 2 chars", {{u"username"_s, u"ab"_s}, {u"password"_s, pw}}, "username");
    row("username 33 chars", {{u"username"_s, QString(33, u'u')}, {u"password"_s, pw}}, "username");
    row("username uppercase", {{u"username"_s, u"Alice"_s}, {u"password"_s, pw}}, "username");
    row("username space", {{u"username"_s, u"al ice"_s}, {u"password"_s, pw}}, "username");
    row("username @", {{u"username"_s, u"al@ice"_s}, {u"password"_s, pw}}, "username");
    row("username slash", {{u"username"_s, u"al/ice"_s}, {u"password"_s, pw}}, "username");
    row("username non-ascii", {{u"username"_s, u"alic\u00e9"_s}, {u"password"_s, pw}}, "username");
    row("username empty", {{u"username"_s, u""_s}, {u"password"_s, pw}}, "username");
    row("password 7 chars", {{u"username"_s, validName}, {u"password"_s, u"1234567"_s}},
        "password");
    row("password 129 chars", {{u"username"_s, validName}, {u"password"_s, QString(129, u'p')}},
        "password");
    row("missing username", {{u"password"_s, pw}}, "username");
    row("missing password", {{u"username"_s, validName}}, "password");
    row("username is a number", {{u"username"_s, 12345}, {u"password"_s, pw}}, "username");
    row("username is null", {{u"username"_s, QJsonValue::Null}, {u"password"_s, pw}}, "username");
    row("password is an array", {{u"username"_s, validName}, {u"password"_s, QJsonArray{1, 2}}},
        "password");
    row("password is a number", {{u"username"_s, validName}, {u"password"_s, 12345678}},
        "password");
    row("display_name is a number",
        {{u"username"_s, validName}, {u"password"_s, pw}, {u"display_name"_s, 7}}, "display_name");
    row("display_name 65 chars",
        {{u"username"_s, validName}, {u"password"_s, pw}, {u"display_name"_s, QString(65, u'd')}},
        "display_name");

    QTest::newRow("not JSON") << QByteArray("username=x&password=y") << u"bad_request"_s
                              << QString();
    QTest::newRow("truncated JSON")
        << QByteArray(R"({"username":"valid_name","password":)") << u"bad_request"_s << QString();
    QTest::newRow("JSON array") << QByteArray(
                                       R"([{"username":"valid_name","password":"password-123"}])")
                                << u"bad_request"_s << QString();
    QTest::newRow("JSON string") << QByteArray(R"("valid_name")") << u"bad_request"_s << QString();
}

void tst_AuthApi::registerValidation()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, field);
    const Reply reply = m_api.raw("POST", u"/api/auth/register"_s, body);
    EXPECT_ERROR_FIELD(reply, 400, code, field);
}

void tst_AuthApi::registerDuplicateUsername()
{
    const QString name = uniqueName(u"dup"_s);
    m_api.registerUser(name);
    RETURN_IF_FAILED();
    EXPECT_ERROR(m_api.post(u"/api/auth/register"_s,
                            {{u"username"_s, name}, {u"password"_s, u"another-password"_s}}),
                 409, "conflict");
    // The first account is untouched: its password still logs in.
    m_api.login(name);
}

void tst_AuthApi::login()
{
    const QString name = uniqueName(u"login"_s);
    const Session registered = m_api.registerUser(name, u"password-123"_s, u"Lo Gin"_s);
    RETURN_IF_FAILED();
    const Reply reply = m_api.post(u"/api/auth/login"_s,
                                   {{u"username"_s, name}, {u"password"_s, u"password-123"_s}});
    EXPECT_STATUS(reply, 200);
    const QJsonObject user = reply.obj().value("user"_L1).toObject();
    QCOMPARE(user.value("id"_L1).toString(), registered.id());
    QCOMPARE(user.value("username"_L1).toString(), name);
    QCOMPARE(user.value("display_name"_L1).toString(), u"Lo Gin"_s);
    QCOMPARE(user.value("role"_L1).toString(), u"customer"_s);
    const QString access = reply.obj().value("access"_L1).toString();
    const QString refresh = reply.obj().value("refresh"_L1).toString();
    QVERIFY2(!access.isEmpty() && !refresh.isEmpty(), qPrintable(reply.describe()));
    QVERIFY(refresh != registered.refresh);
    EXPECT_STATUS(m_api.get(u"/api/me"_s, {}, access), 200);
}

void tst_AuthApi::loginFailuresLookAlike()
{
    const QString name = uniqueName(u"victim"_s);
    m_api.registerUser(name);
    RETURN_IF_FAILED();
    const Reply wrongPassword = m_api.post(
        u"/api/auth/login"_s, {{u"username"_s, name}, {u"password"_s, u"not-the-password"_s}});
    const Reply unknownUser =
        m_api.post(u"/api/auth/login"_s, {{u"username"_s, uniqueName(u"nobody"_s)},
                                          {u"password"_s, u"not-the-password"_s}});
    EXPECT_ERROR(wrongPassword, 401, "unauthorized");
    EXPECT_ERROR(unknownUser, 401, "unauthorized");
    // Nothing tells an attacker which usernames exist.
    QCOMPARE(wrongPassword.body, unknownUser.body);
    // A password that could never be valid is just a failed login too.
    EXPECT_ERROR(
        m_api.post(u"/api/auth/login"_s, {{u"username"_s, name}, {u"password"_s, u"short"_s}}), 401,
        "unauthorized");
}

void tst_AuthApi::loginValidation_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");
    QTest::newRow("missing password")
        << json({{u"username"_s, u"someone"_s}}) << u"validation_failed"_s << u"password"_s;
    QTest::newRow("missing username")
        << json({{u"password"_s, u"password-123"_s}}) << u"validation_failed"_s << u"username"_s;
    QTest::newRow("username is a number")
        << json({{u"username"_s, 5}, {u"password"_s, u"password-123"_s}}) << u"validation_failed"_s
        << u"username"_s;
    QTest::newRow("not JSON") << QByteArray("{username: x}") << u"bad_request"_s << QString();
    QTest::newRow("JSON array") << QByteArray("[]") << u"bad_request"_s << QString();
}

void tst_AuthApi::loginValidation()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, field);
    EXPECT_ERROR_FIELD(m_api.raw("POST", u"/api/auth/login"_s, body), 400, code, field);
}

void tst_AuthApi::meRejectsBadTokens_data()
{
    QTest::addColumn<Headers>("headers");
    const QByteArray access = m_alice.access.toUtf8();
    QJsonObject claims = jwt::payload(m_alice.access);
    QJsonObject asAdmin = claims;
    asAdmin.insert(u"role"_s, u"admin"_s);
    QJsonObject longer = claims;
    longer.insert(u"exp"_s, claims.value("exp"_L1).toInteger() + 3600);

    QTest::newRow("no Authorization") << Headers{};
    QTest::newRow("empty bearer") << Headers{{"Authorization", "Bearer "}};
    QTest::newRow("garbage") << Headers{{"Authorization", "Bearer garbage"}};
    QTest::newRow("three garbage parts") << Headers{{"Authorization", "Bearer a.b.c"}};
    QTest::newRow("Basic scheme") << Headers{{"Authorization", "Basic " + access}};
    QTest::newRow("refresh token as access")
        << Headers{{"Authorization", "Bearer " + m_alice.refresh.toUtf8()}};
    QTest::newRow("tampered role") << Headers{
        {"Authorization", "Bearer " + jwt::withPayload(m_alice.access, asAdmin).toUtf8()}};
    QTest::newRow("tampered exp") << Headers{
        {"Authorization", "Bearer " + jwt::withPayload(m_alice.access, longer).toUtf8()}};
    QTest::newRow("signature cut")
        << Headers{{"Authorization", "Bearer " + access.left(access.lastIndexOf('.') + 1)}};
    QTest::newRow("signature flipped")
        << Headers{{"Authorization", "Bearer " + access.left(access.size() - 2) +
                                         (access.endsWith("AA") ? "BB" : "AA")}};
    QTest::newRow("alg none") << Headers{
        {"Authorization", "Bearer " + jwt::unsignedToken(claims).toUtf8()}};
    QTest::newRow("signed with another secret") << Headers{
        {"Authorization", "Bearer " + jwt::signHs256(claims, "some-other-secret").toUtf8()}};
}

void tst_AuthApi::meRejectsBadTokens()
{
    QFETCH(Headers, headers);
    QVERIFY(!m_alice.access.isEmpty());
    EXPECT_ERROR(m_api.raw("GET", u"/api/me"_s, {}, headers), 401, "unauthorized");
    // The real token still works: the failure above is the token's, not the server's.
    EXPECT_STATUS(m_api.get(u"/api/me"_s, m_alice), 200);
}

void tst_AuthApi::expiredAndForgedTokens()
{
    // A second server whose secret the test knows, so it can sign its own tokens.
    TestServer server;
    server.setEnv(u"PARLEY_JWT_SECRET"_s, QString::fromLatin1(kForgeSecret));
    const auto dumpLog = qScopeGuard([&server] { server.dumpLogIfFailed(); });
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    ApiClient api(&server);
    const Session bob = api.registerUser(u"bob"_s);
    RETURN_IF_FAILED();
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const auto token = [&](qint64 iat, qint64 exp, const QString &role) {
        return jwt::signHs256(
            {{u"sub"_s, bob.id()}, {u"role"_s, role}, {u"iat"_s, iat}, {u"exp"_s, exp}},
            kForgeSecret);
    };
    // A valid forged token is accepted: the secret is the one the server uses.
    const Reply valid = api.get(u"/api/me"_s, {}, token(now, now + 600, u"customer"_s));
    EXPECT_STATUS(valid, 200);
    QCOMPARE(valid.obj().value("username"_L1).toString(), u"bob"_s);

    // Expired a minute ago.
    EXPECT_ERROR(api.get(u"/api/me"_s, {}, token(now - 960, now - 60, u"customer"_s)), 401,
                 "unauthorized");
    // No exp at all is not a token that lives for ever.
    EXPECT_ERROR(
        api.get(u"/api/me"_s, {},
                jwt::signHs256({{u"sub"_s, bob.id()}, {u"role"_s, u"customer"_s}}, kForgeSecret)),
        401, "unauthorized");
    // A well-signed token for a user that does not exist.
    EXPECT_ERROR(api.get(u"/api/me"_s, {},
                         jwt::signHs256({{u"sub"_s, u"00000000-0000-4000-8000-000000000000"_s},
                                         {u"role"_s, u"admin"_s},
                                         {u"iat"_s, now},
                                         {u"exp"_s, now + 600}},
                                        kForgeSecret)),
                 401, "unauthorized");
    // Permissions come from the database, not from the token's role claim.
    const QString claimsAdmin = token(now, now + 600, u"admin"_s);
    const Reply me = api.get(u"/api/me"_s, {}, claimsAdmin);
    EXPECT_STATUS(me, 200);
    QCOMPARE(me.obj().value("role"_L1).toString(), u"customer"_s);
    EXPECT_ERROR(api.get(u"/api/admin/stats/"_s, {}, claimsAdmin), 403, "forbidden");
}

void tst_AuthApi::refreshRotates()
{
    const Session s = m_api.registerUser(uniqueName(u"rotate"_s));
    RETURN_IF_FAILED();
    const Reply first = m_api.post(u"/api/auth/refresh"_s, {{u"refresh"_s, s.refresh}});
    EXPECT_STATUS(first, 200);
    const QString access2 = first.obj().value("access"_L1).toString();
    const QString refresh2 = first.obj().value("refresh"_L1).toString();
    QVERIFY2(!access2.isEmpty() && !refresh2.isEmpty(), qPrintable(first.describe()));
    QVERIFY(refresh2 != s.refresh);
    QCOMPARE(jwt::payload(access2).value("sub"_L1).toString(), s.id());
    EXPECT_STATUS(m_api.get(u"/api/me"_s, {}, access2), 200);

    // The new refresh token works (and rotates again).
    const Reply second = m_api.post(u"/api/auth/refresh"_s, {{u"refresh"_s, refresh2}});
    EXPECT_STATUS(second, 200);
    const QString refresh3 = second.obj().value("refresh"_L1).toString();
    QVERIFY(!refresh3.isEmpty() && refresh3 != refresh2);

    // A used one is dead.
    EXPECT_ERROR(m_api.post(u"/api/auth/refresh"_s, {{u"refresh"_s, s.refresh}}), 401,
                 "unauthorized");
}

void tst_AuthApi::refreshReuseRevokesTheFamily()
{
    const QString name = uniqueName(u"stolen"_s);
    const Session s = m_api.registerUser(name);
    const Session otherDevice = m_api.login(name);
    RETURN_IF_FAILED();
    const Reply rotated = m_api.post(u"/api/auth/refresh"_s, {{u"refresh"_s, s.refresh}});
    EXPECT_STATUS(rotated, 200);
    const QString refresh2 = rotated.obj().value("refresh"_L1).toString();

    // Someone presents the used token: refused, and every token of that login dies with it.
    EXPECT_ERROR(m_api.post(u"/api/auth/refresh"_s, {{u"refresh"_s, s.refresh}}), 401,
                 "unauthorized");
    EXPECT_ERROR(m_api.post(u"/api/auth/refresh"_s, {{u"refresh"_s, refresh2}}), 401,
                 "unauthorized");
    // Another login of the same user is another family: untouched.
    EXPECT_STATUS(m_api.post(u"/api/auth/refresh"_s, {{u"refresh"_s, otherDevice.refresh}}), 200);
}

void tst_AuthApi::refreshRejectsUnknownToken()
{
    EXPECT_ERROR(m_api.post(u"/api/auth/refresh"_s, {{u"refresh"_s, u"not-a-refresh-token"_s}}),
                 401, "unauthorized");
    // An access token is not a refresh token.
    EXPECT_ERROR(m_api.post(u"/api/auth/refresh"_s, {{u"refresh"_s, m_alice.access}}), 401,
                 "unauthorized");
    EXPECT_VALIDATION(m_api.post(u"/api/auth/refresh"_s, {}), "refresh");
    EXPECT_VALIDATION(m_api.post(u"/api/auth/refresh"_s, {{u"refresh"_s, 42}}), "refresh");
    EXPECT_ERROR(m_api.raw("POST", u"/api/auth/refresh"_s, "[]"), 400, "bad_request");
}

void tst_AuthApi::logout()
{
    const Session s = m_api.registerUser(uniqueName(u"logout"_s));
    RETURN_IF_FAILED();
    const Reply reply = m_api.post(u"/api/auth/logout"_s, {{u"refresh"_s, s.refresh}}, s);
    EXPECT_STATUS(reply, 204);
    QVERIFY2(reply.body.isEmpty(), qPrintable(reply.describe()));
    EXPECT_ERROR(m_api.post(u"/api/auth/refresh"_s, {{u"refresh"_s, s.refresh}}), 401,
                 "unauthorized");
    // Logging out again with the dead token is still 204.
    EXPECT_STATUS(m_api.post(u"/api/auth/logout"_s, {{u"refresh"_s, s.refresh}}, s), 204);
    EXPECT_VALIDATION(m_api.post(u"/api/auth/logout"_s, {}, s), "refresh");
}

void tst_AuthApi::blockedUser()
{
    QVERIFY(!m_admin.access.isEmpty());
    const QString name = uniqueName(u"blocked"_s);
    const Session s = m_api.registerUser(name);
    RETURN_IF_FAILED();
    EXPECT_STATUS(m_api.get(u"/api/me"_s, s), 200);

    const Reply block =
        m_api.patch(u"/api/admin/users/"_s + s.id() + u'/', {{u"blocked"_s, true}}, m_admin);
    EXPECT_STATUS(block, 200);
    QCOMPARE(block.obj().value("blocked"_L1), QJsonValue(true));

    const Reply login = m_api.post(u"/api/auth/login"_s,
                                   {{u"username"_s, name}, {u"password"_s, u"password-123"_s}});
    EXPECT_ERROR(login, 403, "forbidden");
    QVERIFY2(!login.obj().contains("access"_L1), qPrintable(login.describe()));
    // Only the right password learns that the account is blocked.
    EXPECT_ERROR(m_api.post(u"/api/auth/login"_s,
                            {{u"username"_s, name}, {u"password"_s, u"wrong-password"_s}}),
                 401, "unauthorized");
    // Blocking revoked the refresh tokens (docs/API.md): the refresh is simply dead.
    EXPECT_ERROR(m_api.post(u"/api/auth/refresh"_s, {{u"refresh"_s, s.refresh}}), 401,
                 "unauthorized");
    EXPECT_ERROR(m_api.get(u"/api/me"_s, s), 401, "unauthorized");

    // Unblocked: the user logs in again.
    EXPECT_STATUS(
        m_api.patch(u"/api/admin/users/"_s + s.id() + u'/', {{u"blocked"_s, false}}, m_admin), 200);
    const Session again = m_api.login(name);
    RETURN_IF_FAILED();
    EXPECT_STATUS(m_api.get(u"/api/me"_s, again), 200);
}

void tst_AuthApi::trailingSlash_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<bool>("slash");
    for (const char *endpoint : {"register", "login", "refresh", "logout", "me"}) {
        QTest::addRow("%s", endpoint) << QString::fromLatin1(endpoint) << false;
        QTest::addRow("%s/", endpoint) << QString::fromLatin1(endpoint) << true;
    }
}

void tst_AuthApi::trailingSlash()
{
    QFETCH(QString, endpoint);
    QFETCH(bool, slash);
    const QString tail = slash ? u"/"_s : QString();
    if (endpoint == "register"_L1) {
        const QString name = uniqueName(u"slash"_s);
        const Reply reply = m_api.post(u"/api/auth/register"_s + tail,
                                       {{u"username"_s, name}, {u"password"_s, u"password-123"_s}});
        EXPECT_STATUS(reply, 201);
        QCOMPARE(reply.obj().value("user"_L1).toObject().value("username"_L1).toString(), name);
        return;
    }
    if (endpoint == "me"_L1) {
        const Reply reply = m_api.get(u"/api/me"_s + tail, m_alice);
        EXPECT_STATUS(reply, 200);
        QCOMPARE(reply.obj().value("id"_L1).toString(), m_alice.id());
        return;
    }
    // login, refresh and logout each need a fresh login of alice.
    const Reply login =
        m_api.post(u"/api/auth/login"_s + (endpoint == "login"_L1 ? tail : QString()),
                   {{u"username"_s, m_alice.username()}, {u"password"_s, u"password-123"_s}});
    EXPECT_STATUS(login, 200);
    const QString refresh = login.obj().value("refresh"_L1).toString();
    if (endpoint == "refresh"_L1) {
        const Reply reply = m_api.post(u"/api/auth/refresh"_s + tail, {{u"refresh"_s, refresh}});
        EXPECT_STATUS(reply, 200);
        QVERIFY2(!reply.obj().value("access"_L1).toString().isEmpty(),
                 qPrintable(reply.describe()));
    } else if (endpoint == "logout"_L1) {
        EXPECT_STATUS(m_api.post(u"/api/auth/logout"_s + tail, {{u"refresh"_s, refresh}},
                                 login.obj().value("access"_L1).toString()),
                      204);
        EXPECT_ERROR(m_api.post(u"/api/auth/refresh"_s, {{u"refresh"_s, refresh}}), 401,
                     "unauthorized");
    }
}

void tst_AuthApi::unknownPath_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::newRow("GET /api/nope") << QByteArray("GET") << u"/api/nope"_s;
    QTest::newRow("POST /api/nope/") << QByteArray("POST") << u"/api/nope/"_s;
    QTest::newRow("GET /api/auth/nope") << QByteArray("GET") << u"/api/auth/nope"_s;
    QTest::newRow("GET /api/chat/nope/") << QByteArray("GET") << u"/api/chat/nope/"_s;
    QTest::newRow("GET /api/me/extra") << QByteArray("GET") << u"/api/me/extra"_s;
    QTest::newRow("GET /") << QByteArray("GET") << u"/"_s;
    QTest::newRow("GET /index.html") << QByteArray("GET") << u"/index.html"_s;
}

void tst_AuthApi::unknownPath()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    const Reply reply = m_api.raw(method, path, {}, {}, m_alice.access);
    EXPECT_ERROR(reply, 404, "not_found");
    QVERIFY2(!reply.body.contains("<html") && !reply.body.contains("<HTML"),
             qPrintable(reply.describe()));
}

void tst_AuthApi::wrongMethod_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("allowed");
    QTest::newRow("GET login") << QByteArray("GET") << u"/api/auth/login"_s << QByteArray("POST");
    QTest::newRow("GET login/") << QByteArray("GET") << u"/api/auth/login/"_s << QByteArray("POST");
    QTest::newRow("PUT register") << QByteArray("PUT") << u"/api/auth/register"_s
                                  << QByteArray("POST");
    QTest::newRow("GET refresh") << QByteArray("GET") << u"/api/auth/refresh"_s
                                 << QByteArray("POST");
    QTest::newRow("DELETE logout")
        << QByteArray("DELETE") << u"/api/auth/logout"_s << QByteArray("POST");
    QTest::newRow("DELETE me") << QByteArray("DELETE") << u"/api/me"_s << QByteArray("GET");
    QTest::newRow("POST me/") << QByteArray("POST") << u"/api/me/"_s << QByteArray("GET");
}

void tst_AuthApi::wrongMethod()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, allowed);
    const Reply reply = m_api.raw(method, path, {}, {}, m_alice.access);
    EXPECT_ERROR(reply, 405, "method_not_allowed");
    QVERIFY2(reply.header("allow").toUpper().contains(allowed), qPrintable(reply.describe()));
}

void tst_AuthApi::tokensSurviveRestart()
{
    const Session s = m_api.registerUser(uniqueName(u"restart"_s));
    RETURN_IF_FAILED();
    QVERIFY2(m_server.restart(), qPrintable(m_server.errorString()));
    const Reply me = m_api.get(u"/api/me"_s, s);
    EXPECT_STATUS(me, 200);
    QCOMPARE(me.obj().value("id"_L1).toString(), s.id());
    const Reply refreshed = m_api.post(u"/api/auth/refresh"_s, {{u"refresh"_s, s.refresh}});
    EXPECT_STATUS(refreshed, 200);
    EXPECT_STATUS(m_api.get(u"/api/me"_s, {}, refreshed.obj().value("access"_L1).toString()), 200);
    // Passwords survive too.
    m_api.login(s.username());
}

QTEST_GUILESS_MAIN(tst_AuthApi)
#include "tst_auth_api.moc"
