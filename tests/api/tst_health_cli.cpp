// The service endpoints, the admin command line, the demo data and the worked example of
// docs/API.md, end to end.
#include "ApiTest.h"

#include <QSet>

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

const QString kDemoPassword = u"demo-password"_s;

// curl -d: the body is JSON, the Content-Type says form.
const Headers kCurlForm{{"Content-Type", "application/x-www-form-urlencoded"}};

} // namespace

class tst_HealthCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void healthz();
    void metrics();

    void cliUserAdd();
    void cliUserList();
    void cliSetRole();
    void cliBlockWhileRunning();
    void cliWorksWithoutAServer();
    void cliUsageErrors_data();
    void cliUsageErrors();
    void cliFailures_data();
    void cliFailures();

    void demoData();
    void demoNotReseeded();
    void workedExample();

private:
    TestServer m_server;
    ApiClient m_api{&m_server};
    TestServer m_demo{{u"--demo"_s}};
    ApiClient m_demoApi{&m_demo};
    QString m_existing; // a user that exists on m_server
};

void tst_HealthCli::initTestCase()
{
    const auto dumpLog = qScopeGuard([this] {
        m_server.dumpLogIfFailed();
        m_demo.dumpLogIfFailed();
    });
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    QVERIFY2(m_demo.start(), qPrintable(m_demo.errorString()));
    m_existing = m_api.registerUser(uniqueName(u"existing"_s)).username();
}

void tst_HealthCli::cleanup()
{
    m_server.dumpLogIfFailed();
    m_demo.dumpLogIfFailed();
}

void tst_HealthCli::healthz()
{
    const Reply reply = m_api.get(u"/healthz"_s);
    EXPECT_STATUS(reply, 200);
    QVERIFY2(reply.header("content-type").startsWith("application/json"),
             qPrintable(reply.describe()));
    QCOMPARE(reply.obj().value("status"_L1).toString(), u"ok"_s);
    QCOMPARE(reply.obj().value("database"_L1).toString(), u"ok"_s);
    QCOMPARE(reply.obj().value("bus"_L1).toString(), u"none"_s);
    QCOMPARE(reply.obj().value("version"_L1).toString(), QStringLiteral(PARLEY_VERSION));
    // No token needed, and the demo server is healthy too.
    EXPECT_STATUS(m_demoApi.get(u"/healthz"_s), 200);
}

void tst_HealthCli::metrics()
{
    const Reply reply = m_api.get(u"/metrics"_s);
    EXPECT_STATUS(reply, 200);
    QVERIFY2(reply.header("content-type").startsWith("text/plain"), qPrintable(reply.describe()));
    QVERIFY2(reply.body.contains("# TYPE "), qPrintable(reply.describe()));
}

void tst_HealthCli::cliUserAdd()
{
    const QString name = uniqueName(u"carol"_s);
    const CliResult add = m_server.runCli(
        {u"user"_s, u"add"_s, name, u"--role"_s, u"staff"_s, u"--display-name"_s, u"Carol C"_s},
        "carol-password\n");
    QVERIFY2(add.exitCode == 0, qPrintable(add.describe()));
    const Session carol = m_api.login(name, u"carol-password"_s);
    RETURN_IF_FAILED();
    QCOMPARE(carol.user.role, parley::Role::Staff);
    QCOMPARE(carol.user.displayName, u"Carol C"_s);
    EXPECT_STATUS(m_api.get(u"/api/chat/active-rooms/"_s, carol), 200);

    // Only the first line of stdin is the password.
    const QString dave = uniqueName(u"dave"_s);
    const CliResult add2 = m_server.runCli({u"user"_s, u"add"_s, dave, u"--role"_s, u"customer"_s},
                                           "first-line-password\nsecond line\n");
    QVERIFY2(add2.exitCode == 0, qPrintable(add2.describe()));
    const Session d = m_api.login(dave, u"first-line-password"_s);
    RETURN_IF_FAILED();
    QCOMPARE(d.user.role, parley::Role::Customer);
    QCOMPARE(d.user.displayName, dave); // defaults to the username
}

void tst_HealthCli::cliUserList()
{
    const QString name = uniqueName(u"listed"_s);
    const Session listed = m_server.createUser(name, u"staff"_s);
    RETURN_IF_FAILED();

    const CliResult list = m_server.runCli({u"user"_s, u"list"_s});
    QVERIFY2(list.exitCode == 0, qPrintable(list.describe()));
    QStringList line;
    const QStringList lines = QString::fromUtf8(list.out).split(u'\n', Qt::SkipEmptyParts);
    for (const QString &l : lines) {
        if (l.section(u'\t', 0, 0) == name)
            line = l.split(u'\t');
    }
    QVERIFY2(!line.isEmpty(), qPrintable(list.describe()));
    QCOMPARE(line, (QStringList{name, u"staff"_s, name, u"active"_s, listed.id()}));
    // Every line has the five fields.
    for (const QString &l : lines)
        QVERIFY2(l.split(u'\t').size() == 5, qPrintable(l));

    const CliResult asJson = m_server.runCli({u"user"_s, u"list"_s, u"--json"_s});
    QVERIFY2(asJson.exitCode == 0, qPrintable(asJson.describe()));
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(asJson.out, &error);
    QVERIFY2(doc.isArray(), qPrintable(asJson.describe()));
    const QJsonObject user = findById(doc.array(), listed.id());
    QCOMPARE(user.value("username"_L1).toString(), name);
    QCOMPARE(user.value("role"_L1).toString(), u"staff"_s);
    QCOMPARE(user.value("display_name"_L1).toString(), name);
    QCOMPARE(user.value("blocked"_L1), QJsonValue(false));
    EXPECT_MATCH(user.value("created_at"_L1).toString(), kTimePattern);
    QVERIFY2(!asJson.out.contains("$argon2"), "no password hashes in the list");
    QCOMPARE(doc.array().size(), lines.size());
}

void tst_HealthCli::cliSetRole()
{
    const QString name = uniqueName(u"promoted"_s);
    const Session s = m_server.createUser(name, u"staff"_s);
    RETURN_IF_FAILED();
    EXPECT_ERROR(m_api.get(u"/api/admin/stats/"_s, s), 403, "forbidden");

    const CliResult set = m_server.runCli({u"user"_s, u"set-role"_s, name, u"admin"_s});
    QVERIFY2(set.exitCode == 0, qPrintable(set.describe()));
    // At once, with the token issued before.
    EXPECT_STATUS(m_api.get(u"/api/admin/stats/"_s, s), 200);
    QCOMPARE(m_api.login(name).user.role, parley::Role::Admin);

    const CliResult back = m_server.runCli({u"user"_s, u"set-role"_s, name, u"customer"_s});
    QVERIFY2(back.exitCode == 0, qPrintable(back.describe()));
    EXPECT_ERROR(m_api.get(u"/api/chat/active-rooms/"_s, s), 403, "forbidden");
    QCOMPARE(m_api.get(u"/api/me"_s, s).obj().value("role"_L1).toString(), u"customer"_s);
}

void tst_HealthCli::cliBlockWhileRunning()
{
    const QString name = uniqueName(u"blocked"_s);
    const Session s = m_api.registerUser(name);
    RETURN_IF_FAILED();
    EXPECT_STATUS(m_api.get(u"/api/me"_s, s), 200);

    const CliResult block = m_server.runCli({u"user"_s, u"block"_s, name});
    QVERIFY2(block.exitCode == 0, qPrintable(block.describe()));
    EXPECT_ERROR(m_api.post(u"/api/auth/login"_s,
                            {{u"username"_s, name}, {u"password"_s, u"password-123"_s}}),
                 403, "forbidden");
    EXPECT_ERROR(m_api.get(u"/api/me"_s, s), 401, "unauthorized");
    const CliResult list = m_server.runCli({u"user"_s, u"list"_s});
    QVERIFY2(list.out.contains((name + u"\tcustomer\t"_s + name + u"\tblocked\t"_s).toUtf8()),
             qPrintable(list.describe()));

    const CliResult unblock = m_server.runCli({u"user"_s, u"unblock"_s, name});
    QVERIFY2(unblock.exitCode == 0, qPrintable(unblock.describe()));
    const Session again = m_api.login(name);
    RETURN_IF_FAILED();
    EXPECT_STATUS(m_api.get(u"/api/me"_s, again), 200);
}

void tst_HealthCli::cliWorksWithoutAServer()
{
    TestServer offline;
    const auto dumpLog = qScopeGuard([&offline] { offline.dumpLogIfFailed(); });
    const CliResult add = offline.runCli(
        {u"user"_s, u"add"_s, u"first_admin"_s, u"--role"_s, u"admin"_s}, "admin-password\n");
    QVERIFY2(add.exitCode == 0, qPrintable(add.describe()));
    const CliResult list = offline.runCli({u"user"_s, u"list"_s});
    QVERIFY2(list.exitCode == 0 && list.out.startsWith("first_admin\tadmin\t"),
             qPrintable(list.describe()));
    QVERIFY2(offline.start(), qPrintable(offline.errorString()));
    ApiClient api(&offline);
    const Session admin = api.login(u"first_admin"_s, u"admin-password"_s);
    RETURN_IF_FAILED();
    QCOMPARE(admin.user.role, parley::Role::Admin);
}

void tst_HealthCli::cliUsageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("user") << QStringList{u"user"_s};
    QTest::newRow("user frobnicate") << QStringList{u"user"_s, u"frobnicate"_s};
    QTest::newRow("user add") << QStringList{u"user"_s, u"add"_s};
    QTest::newRow("user add without --role") << QStringList{u"user"_s, u"add"_s, u"someone"_s};
    QTest::newRow("user set-role without role")
        << QStringList{u"user"_s, u"set-role"_s, m_existing};
    QTest::newRow("user block") << QStringList{u"user"_s, u"block"_s};
    QTest::newRow("user unblock") << QStringList{u"user"_s, u"unblock"_s};
    QTest::newRow("user list --bogus") << QStringList{u"user"_s, u"list"_s, u"--bogus"_s};
    QTest::newRow("--no-such-option") << QStringList{u"--no-such-option"_s};
}

void tst_HealthCli::cliUsageErrors()
{
    QFETCH(QStringList, args);
    const CliResult result = m_server.runCli(args, "password-123\n", 10000);
    QVERIFY2(result.exitCode == 2, qPrintable(result.describe()));
    QVERIFY2(!result.err.isEmpty(), "a usage error says why on stderr");
    QVERIFY2(!result.out.contains("listening"), qPrintable(result.describe()));
}

void tst_HealthCli::cliFailures_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("input");
    QTest::newRow("block unknown user")
        << QStringList{u"user"_s, u"block"_s, u"ghost_user"_s} << QByteArray();
    QTest::newRow("unblock unknown user")
        << QStringList{u"user"_s, u"unblock"_s, u"ghost_user"_s} << QByteArray();
    QTest::newRow("set-role unknown user")
        << QStringList{u"user"_s, u"set-role"_s, u"ghost_user"_s, u"staff"_s} << QByteArray();
    QTest::newRow("add a taken username")
        << QStringList{u"user"_s, u"add"_s, m_existing, u"--role"_s, u"staff"_s}
        << QByteArray("password-123\n");
    QTest::newRow("add with a short password")
        << QStringList{u"user"_s, u"add"_s, u"short_pw_user"_s, u"--role"_s, u"staff"_s}
        << QByteArray("short\n");
}

void tst_HealthCli::cliFailures()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, input);
    const CliResult result = m_server.runCli(args, input, 10000);
    QVERIFY2(result.exitCode == 1, qPrintable(result.describe()));
    QVERIFY2(!result.err.isEmpty(), "a failure says why on stderr");
    // Nothing changed: the existing user still logs in with the old password, no one was added.
    m_api.login(m_existing);
    RETURN_IF_FAILED();
    const CliResult list = m_server.runCli({u"user"_s, u"list"_s});
    QVERIFY2(!list.out.contains("ghost_user") && !list.out.contains("short_pw_user"),
             qPrintable(list.describe()));
}

void tst_HealthCli::demoData()
{
    const Session alice = m_demoApi.login(u"alice"_s, kDemoPassword);
    const Session sam = m_demoApi.login(u"sam"_s, kDemoPassword);
    const Session admin = m_demoApi.login(u"admin"_s, kDemoPassword);
    RETURN_IF_FAILED();
    QCOMPARE(alice.user.role, parley::Role::Customer);
    QCOMPARE(sam.user.role, parley::Role::Staff);
    QCOMPARE(admin.user.role, parley::Role::Admin);

    const Reply rooms = m_demoApi.get(u"/api/chat/rooms/"_s, alice);
    EXPECT_STATUS(rooms, 200);
    QVERIFY2(!rooms.results().isEmpty(), qPrintable(rooms.describe()));
    int withMessages = 0;
    for (const QJsonValue &value : rooms.results()) {
        const QJsonObject room = value.toObject();
        if (room.value("last_seq"_L1).toInteger() <= 0)
            continue;
        ++withMessages;
        const QJsonArray history = fetchHistory(m_demoApi, alice, room.value("id"_L1).toString());
        RETURN_IF_FAILED();
        QVERIFY(!history.isEmpty());
        QCOMPARE(history.last().toObject().value("seq"_L1).toInteger(),
                 room.value("last_seq"_L1).toInteger());
    }
    QVERIFY2(withMessages > 0, qPrintable(rooms.describe()));
    // The demo is not just for alice: staff has something to look at.
    EXPECT_STATUS(m_demoApi.get(u"/api/chat/active-rooms/"_s, sam), 200);
    // Canned responses for the staff composer.
    const Reply canned = m_demoApi.get(u"/api/chat/canned/?q=/thanks"_s, sam);
    EXPECT_STATUS(canned, 200);
    QCOMPARE(canned.results().size(), 1);
}

void tst_HealthCli::demoNotReseeded()
{
    const Session admin = m_demoApi.login(u"admin"_s, kDemoPassword);
    const Session alice = m_demoApi.login(u"alice"_s, kDemoPassword);
    RETURN_IF_FAILED();
    const Reply before = m_demoApi.get(u"/api/admin/stats/"_s, admin);
    EXPECT_STATUS(before, 200);
    const QStringList roomsBefore = idsOf(m_demoApi.get(u"/api/chat/rooms/"_s, alice).results());

    QVERIFY2(m_demo.restart(), qPrintable(m_demo.errorString()));
    const Reply after = m_demoApi.get(u"/api/admin/stats/"_s, admin);
    EXPECT_STATUS(after, 200);
    for (const char *key : {"users", "rooms_open", "rooms_waiting", "messages_total"}) {
        QVERIFY2(after.obj().value(QLatin1StringView(key)) ==
                     before.obj().value(QLatin1StringView(key)),
                 qPrintable(u"%1: %2 before the restart, %3 after"_s.arg(
                     QString::fromLatin1(key), QString::fromUtf8(before.body),
                     QString::fromUtf8(after.body))));
    }
    QCOMPARE(idsOf(m_demoApi.get(u"/api/chat/rooms/"_s, alice).results()), roomsBefore);
}

void tst_HealthCli::workedExample()
{
    // ALICE=$(curl -s $S/api/auth/login -d '{"username":"alice","password":"demo-password"}' | jq
    // -r .access)
    const Reply aliceLogin =
        m_demoApi.raw("POST", u"/api/auth/login"_s,
                      R"({"username":"alice","password":"demo-password"})", kCurlForm);
    EXPECT_STATUS(aliceLogin, 200);
    const QString alice = aliceLogin.obj().value("access"_L1).toString();

    // ROOM=$(curl -s $S/api/chat/rooms/ -H "Authorization: Bearer $ALICE" -d
    // '{"kind":"support",...}' | jq -r .id)
    const Reply created =
        m_demoApi.raw("POST", u"/api/chat/rooms/"_s,
                      R"({"kind":"support","subject":"My parcel is late"})", kCurlForm, alice);
    EXPECT_STATUS(created, 201);
    const QString room = created.obj().value("id"_L1).toString();
    EXPECT_MATCH(room, kRoomIdPattern);

    const Reply hello = m_demoApi.raw(
        "POST", roomPath(room, u"messages"_s),
        R"({"client_id":"c-1","type":"text","content":"Hello, order ORD-1001 has not arrived."})",
        kCurlForm, alice);
    EXPECT_STATUS(hello, 201);
    QCOMPARE(hello.obj().value("seq"_L1).toInteger(), 1);

    // The room is now waiting in the staff queue. As the staff member sam:
    const Reply samLogin =
        m_demoApi.raw("POST", u"/api/auth/login"_s,
                      R"({"username":"sam","password":"demo-password"})", kCurlForm);
    EXPECT_STATUS(samLogin, 200);
    const QString sam = samLogin.obj().value("access"_L1).toString();
    const Reply active = m_demoApi.get(u"/api/chat/active-rooms/"_s, {}, sam);
    EXPECT_STATUS(active, 200);
    const QJsonObject queued = findById(active.results(), room);
    QCOMPARE(queued.value("subject"_L1).toString(), u"My parcel is late"_s);
    EXPECT_MATCH(queued.value("waiting_since"_L1).toString(), kTimePattern);

    // curl -s -X POST $S/api/chat/rooms/$ROOM/join/ (no body)
    const Reply joined = m_demoApi.raw("POST", roomPath(room, u"join"_s), {}, {}, sam);
    EXPECT_STATUS(joined, 200);
    QVERIFY2(joined.obj().value("waiting_since"_L1).isNull(), qPrintable(joined.describe()));
    const QStringList members = memberUsernames(joined.obj());
    QCOMPARE(QSet<QString>(members.cbegin(), members.cend()),
             (QSet<QString>{u"alice"_s, u"sam"_s}));

    const Reply answer = m_demoApi.raw(
        "POST", roomPath(room, u"messages"_s),
        R"({"type":"text","content":"Hi Alice, I am on it: it ships today."})", kCurlForm, sam);
    EXPECT_STATUS(answer, 201);
    QCOMPARE(answer.obj().value("seq"_L1).toInteger(), 3);
    QCOMPARE(answer.obj().value("content"_L1).toString(),
             u"Hi Alice, I am on it: it ships today."_s);

    const Reply closed = m_demoApi.raw("POST", roomPath(room, u"close"_s), {}, {}, sam);
    EXPECT_STATUS(closed, 200);
    QCOMPARE(closed.obj().value("status"_L1).toString(), u"closed"_s);

    // Alice reads the whole conversation, system messages included.
    const Reply history = m_demoApi.get(roomPath(room, u"messages"_s), {}, alice);
    EXPECT_STATUS(history, 200);
    QStringList lines;
    for (const QJsonValue &value : history.results()) {
        const QJsonObject m = value.toObject();
        const QJsonValue sender = m.value("sender"_L1);
        lines << u"%1 %2 %3: %4"_s.arg(
            QString::number(m.value("seq"_L1).toInteger()), m.value("type"_L1).toString(),
            sender.isNull() ? u"-"_s : sender.toObject().value("username"_L1).toString(),
            m.value("content"_L1).toString());
    }
    QCOMPARE(lines, (QStringList{
                        u"1 text alice: Hello, order ORD-1001 has not arrived."_s,
                        u"2 system -: Sam Carter joined the conversation"_s,
                        u"3 text sam: Hi Alice, I am on it: it ships today."_s,
                        u"4 system -: Sam Carter closed the conversation"_s,
                    }));
}

QTEST_GUILESS_MAIN(tst_HealthCli)
#include "tst_health_cli.moc"
