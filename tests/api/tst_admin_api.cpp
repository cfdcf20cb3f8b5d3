// End-to-end tests of /api/admin/* (PROTOCOL.md "Admin", docs/API.md "Admin").
#include "ApiTest.h"

#include <QUrl>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString userPath(const QString &id)
{
    return u"/api/admin/users/"_s + id + u'/';
}

} // namespace

class tst_AdminApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void listUsers();
    void listUsersPaging();
    void createUser();
    void createUserValidation_data();
    void createUserValidation();
    void patchRole();
    void patchBlocked();
    void patchDisplayName();
    void patchValidation();
    void adminCannotBlockOrDemoteThemselves();
    void reports();
    void stats();

private:
    QJsonObject stats(const Session &as);

    TestServer m_server;
    ApiClient m_api{&m_server};
    Session m_admin;
    Session m_staff;
    Session m_customer;
};

void tst_AdminApi::initTestCase()
{
    const auto dumpLog = qScopeGuard([this] { m_server.dumpLogIfFailed(); });
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_admin = m_server.createUser(uniqueName(u"admin"_s), u"admin"_s);
    m_staff = m_server.createUser(uniqueName(u"staff"_s), u"staff"_s);
    m_customer = m_api.registerUser(uniqueName(u"customer"_s));
}

void tst_AdminApi::cleanup()
{
    m_server.dumpLogIfFailed();
}

QJsonObject tst_AdminApi::stats(const Session &as)
{
    const Reply reply = m_api.get(u"/api/admin/stats/"_s, as);
    if (reply.status != 200) {
        failAt(u"stats: %1"_s.arg(reply.describe()), std::source_location::current());
        return {};
    }
    return reply.obj();
}

void tst_AdminApi::listUsers()
{
    // Three users sharing a marker, found by username or display name, in any case.
    const QString marker = uniqueName(u"zebra"_s);
    const Session u1 = m_api.registerUser(marker + u"_b"_s);
    const Session u2 = m_api.registerUser(marker + u"_a"_s, u"password-123"_s, u"Anna"_s);
    const Session u3 =
        m_api.registerUser(uniqueName(u"plain"_s), u"password-123"_s, u"Mrs "_s + marker.toUpper());
    RETURN_IF_FAILED();

    const Reply all = m_api.get(u"/api/admin/users/"_s, m_admin);
    EXPECT_STATUS(all, 200);
    const QJsonObject admin = findById(all.results(), m_admin.id());
    QVERIFY2(!admin.isEmpty(), qPrintable(u"the admin is not listed: "_s + all.describe()));
    QCOMPARE(admin.value("username"_L1).toString(), m_admin.username());
    QCOMPARE(admin.value("role"_L1).toString(), u"admin"_s);
    QCOMPARE(admin.value("blocked"_L1), QJsonValue(false));
    EXPECT_MATCH(admin.value("created_at"_L1).toString(), kTimePattern);
    QVERIFY2(!all.body.contains("password") && !all.body.contains("$argon2"),
             "user lists never carry password hashes");
    QVERIFY(all.obj().contains("next_cursor"_L1));
    // Ordered by username.
    QStringList usernames;
    for (const QJsonValue &user : all.results())
        usernames << user.toObject().value("username"_L1).toString();
    QStringList sorted = usernames;
    sorted.sort();
    QCOMPARE(usernames, sorted);

    const Reply found = m_api.get(u"/api/admin/users/?q="_s + marker, m_admin);
    EXPECT_STATUS(found, 200);
    QList<Session> matching{u1, u2, u3};
    std::sort(matching.begin(), matching.end(),
              [](const Session &l, const Session &r) { return l.username() < r.username(); });
    QStringList expected;
    for (const Session &s : matching)
        expected << s.id();
    QCOMPARE(idsOf(found.results()), expected);
    const Reply upper = m_api.get(u"/api/admin/users/?q="_s + marker.toUpper(), m_admin);
    EXPECT_STATUS(upper, 200);
    QCOMPARE(upper.results().size(), 3);
    const Reply byDisplayName = m_api.get(u"/api/admin/users/?q=anna"_s, m_admin);
    EXPECT_STATUS(byDisplayName, 200);
    QVERIFY(idsOf(byDisplayName.results()).contains(u2.id()));
    const Reply none = m_api.get(u"/api/admin/users/?q=no-such-user-anywhere"_s, m_admin);
    EXPECT_STATUS(none, 200);
    QCOMPARE(none.results().size(), 0);

    EXPECT_ERROR(m_api.get(u"/api/admin/users/"_s, m_staff), 403, "forbidden");
    EXPECT_ERROR(m_api.get(u"/api/admin/users/"_s, m_customer), 403, "forbidden");
    EXPECT_ERROR(m_api.get(u"/api/admin/users/"_s), 401, "unauthorized");
}

void tst_AdminApi::listUsersPaging()
{
    const QString marker = uniqueName(u"pager"_s);
    QStringList ids;
    for (const char *suffix : {"_a", "_b", "_c"})
        ids << m_api.registerUser(marker + QString::fromLatin1(suffix)).id();
    RETURN_IF_FAILED();
    const Reply page1 = m_api.get(u"/api/admin/users/?limit=2&q="_s + marker, m_admin);
    EXPECT_STATUS(page1, 200);
    QVERIFY2(idsOf(page1.results()) == ids.mid(0, 2), qPrintable(page1.describe()));
    const QString cursor = page1.obj().value("next_cursor"_L1).toString();
    QVERIFY2(!cursor.isEmpty(), qPrintable(page1.describe()));
    const Reply page2 = m_api.get(u"/api/admin/users/?limit=2&q="_s + marker + u"&cursor="_s +
                                      QString::fromLatin1(QUrl::toPercentEncoding(cursor)),
                                  m_admin);
    EXPECT_STATUS(page2, 200);
    QCOMPARE(idsOf(page2.results()), ids.mid(2));
    QVERIFY2(page2.obj().value("next_cursor"_L1).isNull(), qPrintable(page2.describe()));
}

void tst_AdminApi::createUser()
{
    const QString name = uniqueName(u"newstaff"_s);
    const Reply reply = m_api.post(u"/api/admin/users/"_s,
                                   {{u"username"_s, name},
                                    {u"password"_s, u"staff-password"_s},
                                    {u"display_name"_s, u"New Staff"_s},
                                    {u"role"_s, u"staff"_s}},
                                   m_admin);
    EXPECT_STATUS(reply, 201);
    EXPECT_MATCH(reply.obj().value("id"_L1).toString(), kUuidPattern);
    QCOMPARE(reply.obj().value("username"_L1).toString(), name);
    QCOMPARE(reply.obj().value("display_name"_L1).toString(), u"New Staff"_s);
    QCOMPARE(reply.obj().value("role"_L1).toString(), u"staff"_s);
    QVERIFY2(!reply.body.contains("staff-password"), qPrintable(reply.describe()));

    const Session staff = m_api.login(name, u"staff-password"_s);
    RETURN_IF_FAILED();
    QCOMPARE(staff.id(), reply.obj().value("id"_L1).toString());
    QCOMPARE(staff.user.role, parley::Role::Staff);
    EXPECT_STATUS(m_api.get(u"/api/chat/active-rooms/"_s, staff), 200);

    // Admins and customers can be created too.
    const QString adminName = uniqueName(u"newadmin"_s);
    EXPECT_STATUS(m_api.post(u"/api/admin/users/"_s,
                             {{u"username"_s, adminName},
                              {u"password"_s, u"admin-password"_s},
                              {u"display_name"_s, u"New Admin"_s},
                              {u"role"_s, u"admin"_s}},
                             m_admin),
                  201);
    const Session newAdmin = m_api.login(adminName, u"admin-password"_s);
    RETURN_IF_FAILED();
    EXPECT_STATUS(m_api.get(u"/api/admin/stats/"_s, newAdmin), 200);

    // Taken username.
    EXPECT_ERROR(m_api.post(u"/api/admin/users/"_s,
                            {{u"username"_s, name},
                             {u"password"_s, u"other-password"_s},
                             {u"display_name"_s, u"Dup"_s},
                             {u"role"_s, u"staff"_s}},
                            m_admin),
                 409, "conflict");
    EXPECT_ERROR(m_api.post(u"/api/admin/users/"_s,
                            {{u"username"_s, m_customer.username()},
                             {u"password"_s, u"other-password"_s},
                             {u"display_name"_s, u"Dup"_s},
                             {u"role"_s, u"staff"_s}},
                            m_admin),
                 409, "conflict");
    // Not for staff.
    EXPECT_ERROR(m_api.post(u"/api/admin/users/"_s,
                            {{u"username"_s, uniqueName(u"sneaky"_s)},
                             {u"password"_s, u"sneaky-password"_s},
                             {u"display_name"_s, u"Sneaky"_s},
                             {u"role"_s, u"admin"_s}},
                            m_staff),
                 403, "forbidden");
}

void tst_AdminApi::createUserValidation_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");
    const QJsonObject valid{{u"username"_s, u"valid_admin_made"_s},
                            {u"password"_s, u"password-123"_s},
                            {u"display_name"_s, u"Valid"_s},
                            {u"role"_s, u"staff"_s}};
    const auto with = [&](const char *key, const QJsonValue &value) {
        QJsonObject body = valid;
        body.insert(QString::fromLatin1(key), value);
        return json(body);
    };
    const auto without = [&](const char *key) {
        QJsonObject body = valid;
        body.remove(QString::fromLatin1(key));
        return json(body);
    };
    const QString vf = u"validation_failed"_s;
    QTest::newRow("username 2 chars") << with("username", u"ab"_s) << vf << u"username"_s;
    QTest::newRow("username uppercase") << with("username", u"Staff"_s) << vf << u"username"_s;
    QTest::newRow("missing username") << without("username") << vf << u"username"_s;
    QTest::newRow("password 7 chars") << with("password", u"1234567"_s) << vf << u"password"_s;
    QTest::newRow("password 129 chars")
        << with("password", QString(129, u'p')) << vf << u"password"_s;
    QTest::newRow("missing password") << without("password") << vf << u"password"_s;
    QTest::newRow("unknown role") << with("role", u"superuser"_s) << vf << u"role"_s;
    QTest::newRow("role is a number") << with("role", 2) << vf << u"role"_s;
    QTest::newRow("display_name 65 chars")
        << with("display_name", QString(65, u'd')) << vf << u"display_name"_s;
    QTest::newRow("display_name is a number") << with("display_name", 1) << vf << u"display_name"_s;
    QTest::newRow("JSON array") << QByteArray("[]") << u"bad_request"_s << QString();
    QTest::newRow("not JSON") << QByteArray("{") << u"bad_request"_s << QString();
}

void tst_AdminApi::createUserValidation()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, field);
    EXPECT_ERROR_FIELD(m_api.raw("POST", u"/api/admin/users/"_s, body, {}, m_admin.access), 400,
                       code, field);
    // Nothing was created.
    const Reply list = m_api.get(u"/api/admin/users/?q=valid_admin_made"_s, m_admin);
    QCOMPARE(list.results().size(), 0);
}

void tst_AdminApi::patchRole()
{
    const Session c = m_api.registerUser(uniqueName(u"promote"_s));
    RETURN_IF_FAILED();
    EXPECT_ERROR(m_api.get(u"/api/chat/active-rooms/"_s, c), 403, "forbidden");

    const Reply promoted = m_api.patch(userPath(c.id()), {{u"role"_s, u"staff"_s}}, m_admin);
    EXPECT_STATUS(promoted, 200);
    QCOMPARE(promoted.obj().value("id"_L1).toString(), c.id());
    QCOMPARE(promoted.obj().value("role"_L1).toString(), u"staff"_s);
    QCOMPARE(promoted.obj().value("blocked"_L1), QJsonValue(false));
    EXPECT_MATCH(promoted.obj().value("created_at"_L1).toString(), kTimePattern);
    // Takes effect at once, with the old access token (whose claim still says customer).
    QCOMPARE(jwt::payload(c.access).value("role"_L1).toString(), u"customer"_s);
    EXPECT_STATUS(m_api.get(u"/api/chat/active-rooms/"_s, c), 200);
    QCOMPARE(m_api.get(u"/api/me"_s, c).obj().value("role"_L1).toString(), u"staff"_s);

    const Reply demoted = m_api.patch(userPath(c.id()), {{u"role"_s, u"customer"_s}}, m_admin);
    EXPECT_STATUS(demoted, 200);
    QCOMPARE(demoted.obj().value("role"_L1).toString(), u"customer"_s);
    EXPECT_ERROR(m_api.get(u"/api/chat/active-rooms/"_s, c), 403, "forbidden");
    // Without the trailing slash too.
    EXPECT_STATUS(
        m_api.patch(u"/api/admin/users/"_s + c.id(), {{u"role"_s, u"customer"_s}}, m_admin), 200);
    EXPECT_ERROR(m_api.patch(userPath(c.id()), {{u"role"_s, u"admin"_s}}, m_staff), 403,
                 "forbidden");
    EXPECT_ERROR(m_api.patch(userPath(c.id()), {{u"role"_s, u"admin"_s}}, c), 403, "forbidden");
}

void tst_AdminApi::patchBlocked()
{
    const QString name = uniqueName(u"blockme"_s);
    const Session c = m_api.registerUser(name);
    RETURN_IF_FAILED();
    const Reply blocked = m_api.patch(userPath(c.id()), {{u"blocked"_s, true}}, m_admin);
    EXPECT_STATUS(blocked, 200);
    QCOMPARE(blocked.obj().value("blocked"_L1), QJsonValue(true));
    QCOMPARE(blocked.obj().value("role"_L1).toString(), u"customer"_s);
    EXPECT_ERROR(m_api.get(u"/api/me"_s, c), 401, "unauthorized");
    EXPECT_ERROR(m_api.post(u"/api/auth/login"_s,
                            {{u"username"_s, name}, {u"password"_s, u"password-123"_s}}),
                 403, "forbidden");
    // Blocking revoked the refresh tokens as well.
    const Reply refresh = m_api.post(u"/api/auth/refresh"_s, {{u"refresh"_s, c.refresh}});
    QVERIFY2(refresh.status == 403 || refresh.status == 401, qPrintable(refresh.describe()));
    // The admin list shows it.
    const Reply list = m_api.get(u"/api/admin/users/?q="_s + name, m_admin);
    QVERIFY2(findById(list.results(), c.id()).value("blocked"_L1) == QJsonValue(true),
             qPrintable(list.describe()));

    const Reply unblocked = m_api.patch(userPath(c.id()), {{u"blocked"_s, false}}, m_admin);
    EXPECT_STATUS(unblocked, 200);
    QCOMPARE(unblocked.obj().value("blocked"_L1), QJsonValue(false));
    m_api.login(name);
    RETURN_IF_FAILED();
    // The refresh token revoked by the block stays dead.
    EXPECT_ERROR(m_api.post(u"/api/auth/refresh"_s, {{u"refresh"_s, c.refresh}}), 401,
                 "unauthorized");
}

void tst_AdminApi::patchDisplayName()
{
    const Session c = m_api.registerUser(uniqueName(u"rename"_s));
    RETURN_IF_FAILED();
    const Reply renamed =
        m_api.patch(userPath(c.id()), {{u"display_name"_s, u"Renamed Person"_s}}, m_admin);
    EXPECT_STATUS(renamed, 200);
    QCOMPARE(renamed.obj().value("display_name"_L1).toString(), u"Renamed Person"_s);
    QCOMPARE(renamed.obj().value("username"_L1).toString(), c.username());
    QCOMPARE(renamed.obj().value("role"_L1).toString(), u"customer"_s);
    QCOMPARE(m_api.get(u"/api/me"_s, c).obj().value("display_name"_L1).toString(),
             u"Renamed Person"_s);
}

void tst_AdminApi::patchValidation()
{
    const Session c = m_api.registerUser(uniqueName(u"patchval"_s));
    RETURN_IF_FAILED();
    EXPECT_VALIDATION(m_api.patch(userPath(c.id()), {{u"role"_s, u"king"_s}}, m_admin), "role");
    EXPECT_VALIDATION(m_api.patch(userPath(c.id()), {{u"blocked"_s, u"yes"_s}}, m_admin),
                      "blocked");
    EXPECT_VALIDATION(
        m_api.patch(userPath(c.id()), {{u"display_name"_s, QString(65, u'x')}}, m_admin),
        "display_name");
    EXPECT_VALIDATION(m_api.patch(userPath(c.id()), {{u"display_name"_s, 3}}, m_admin),
                      "display_name");
    EXPECT_ERROR(m_api.raw("PATCH", userPath(c.id()), "[]", {}, m_admin.access), 400,
                 "bad_request");
    EXPECT_ERROR(m_api.patch(userPath(u"00000000-0000-4000-8000-000000000009"_s),
                             {{u"blocked"_s, true}}, m_admin),
                 404, "not_found");
    EXPECT_ERROR(m_api.patch(userPath(u"not-a-uuid"_s), {{u"blocked"_s, true}}, m_admin), 404,
                 "not_found");
    // Nothing of the failed requests stuck.
    const Reply me = m_api.get(u"/api/me"_s, c);
    EXPECT_STATUS(me, 200);
    QCOMPARE(me.obj().value("role"_L1).toString(), u"customer"_s);
    QCOMPARE(me.obj().value("display_name"_L1).toString(), c.user.displayName);
}

void tst_AdminApi::adminCannotBlockOrDemoteThemselves()
{
    EXPECT_ERROR(m_api.patch(userPath(m_admin.id()), {{u"blocked"_s, true}}, m_admin), 409,
                 "conflict");
    EXPECT_ERROR(m_api.patch(userPath(m_admin.id()), {{u"role"_s, u"staff"_s}}, m_admin), 409,
                 "conflict");
    EXPECT_ERROR(m_api.patch(userPath(m_admin.id()), {{u"role"_s, u"customer"_s}}, m_admin), 409,
                 "conflict");
    // Still an admin, not blocked; harmless self-changes are fine.
    EXPECT_STATUS(m_api.get(u"/api/admin/stats/"_s, m_admin), 200);
    const Reply same = m_api.patch(
        userPath(m_admin.id()),
        {{u"role"_s, u"admin"_s}, {u"blocked"_s, false}, {u"display_name"_s, u"The Admin"_s}},
        m_admin);
    EXPECT_STATUS(same, 200);
    QCOMPARE(same.obj().value("display_name"_L1).toString(), u"The Admin"_s);
    QCOMPARE(same.obj().value("role"_L1).toString(), u"admin"_s);
    // Another admin may demote this one's peer.
    const Session other = m_server.createUser(uniqueName(u"admin2"_s), u"admin"_s);
    RETURN_IF_FAILED();
    const Reply demoted = m_api.patch(userPath(other.id()), {{u"role"_s, u"staff"_s}}, m_admin);
    EXPECT_STATUS(demoted, 200);
    QCOMPARE(demoted.obj().value("role"_L1).toString(), u"staff"_s);
}

void tst_AdminApi::reports()
{
    const Session a = m_api.registerUser(uniqueName(u"rep_a"_s));
    const Session b = m_api.registerUser(uniqueName(u"rep_b"_s));
    RETURN_IF_FAILED();
    const QString room = openGroupRoom(m_api, a, {b});
    const parley::Message first = send(m_api, a, room, u"first offence"_s);
    const parley::Message second = send(m_api, a, room, u"second offence"_s);
    RETURN_IF_FAILED();
    EXPECT_STATUS(m_api.post(messagePath(first.id, u"report"_s), {{u"reason"_s, u"one"_s}}, b),
                  201);
    QTest::qWait(5);
    EXPECT_STATUS(m_api.post(messagePath(second.id, u"report"_s), {{u"reason"_s, u"two"_s}}, b),
                  201);

    const Reply reply = m_api.get(u"/api/admin/reports/"_s, m_admin);
    EXPECT_STATUS(reply, 200);
    const QJsonArray results = reply.results();
    QVERIFY2(results.size() >= 2, qPrintable(reply.describe()));
    const QJsonObject newest = results.at(0).toObject();
    const QJsonObject older = results.at(1).toObject();
    QCOMPARE(newest.value("reason"_L1).toString(), u"two"_s);
    QCOMPARE(older.value("reason"_L1).toString(), u"one"_s);
    QVERIFY(!newest.value("id"_L1).toString().isEmpty());
    EXPECT_MATCH(newest.value("created_at"_L1).toString(), kTimePattern);
    QCOMPARE(newest.value("reporter"_L1).toObject().value("id"_L1).toString(), b.id());
    QCOMPARE(newest.value("reporter"_L1).toObject().value("username"_L1).toString(), b.username());
    const QJsonObject message = newest.value("message"_L1).toObject();
    QCOMPARE(message.value("id"_L1).toString(), second.id);
    QCOMPARE(message.value("content"_L1).toString(), u"second offence"_s);
    QCOMPARE(message.value("sender"_L1).toObject().value("id"_L1).toString(), a.id());
    QVERIFY(reply.obj().contains("next_cursor"_L1));

    EXPECT_ERROR(m_api.get(u"/api/admin/reports/"_s, m_staff), 403, "forbidden");
    EXPECT_ERROR(m_api.get(u"/api/admin/reports/"_s, a), 403, "forbidden");
}

void tst_AdminApi::stats()
{
    const QJsonObject before = stats(m_admin);
    RETURN_IF_FAILED();
    for (const char *key :
         {"users", "rooms_open", "rooms_waiting", "messages_total", "connections"})
        QVERIFY2(before.value(QLatin1StringView(key)).isDouble(), key);
    const auto delta = [&](const QJsonObject &now, const char *key) {
        return now.value(QLatin1StringView(key)).toInteger() -
               before.value(QLatin1StringView(key)).toInteger();
    };

    const Session c = m_api.registerUser(uniqueName(u"stats"_s));
    RETURN_IF_FAILED();
    QJsonObject now = stats(m_admin);
    QCOMPARE(delta(now, "users"), 1);

    const QString room = openSupportRoom(m_api, c);
    RETURN_IF_FAILED();
    now = stats(m_admin);
    QCOMPARE(delta(now, "rooms_open"), 1);
    QCOMPARE(delta(now, "rooms_waiting"), 1);
    QCOMPARE(delta(now, "messages_total"), 0);

    send(m_api, c, room, u"one"_s);
    send(m_api, c, room, u"two"_s);
    RETURN_IF_FAILED();
    now = stats(m_admin);
    QCOMPARE(delta(now, "messages_total"), 2);

    roomAction(m_api, m_staff, room, u"join"_s);
    RETURN_IF_FAILED();
    now = stats(m_admin);
    QCOMPARE(delta(now, "rooms_waiting"), 0);
    QCOMPARE(delta(now, "rooms_open"), 1);

    roomAction(m_api, m_staff, room, u"close"_s);
    RETURN_IF_FAILED();
    now = stats(m_admin);
    QCOMPARE(delta(now, "rooms_open"), 0);
    QCOMPARE(delta(now, "rooms_waiting"), 0);
    QCOMPARE(delta(now, "users"), 1);
    QVERIFY(now.value("connections"_L1).toInteger(-1) >= 0);

    EXPECT_ERROR(m_api.get(u"/api/admin/stats/"_s, m_staff), 403, "forbidden");
    EXPECT_ERROR(m_api.get(u"/api/admin/stats/"_s, c), 403, "forbidden");
    EXPECT_ERROR(m_api.get(u"/api/admin/stats/"_s), 401, "unauthorized");
}

QTEST_GUILESS_MAIN(tst_AdminApi)
#include "tst_admin_api.moc"
