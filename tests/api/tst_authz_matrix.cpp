// Who may call what: every REST endpoint of PROTOCOL.md "Rooms and messages" (uploads, files,
// search and online-staff aside), "Admin" and /api/me, called by six kinds of caller, against the
// statuses of PROTOCOL.md and docs/API.md. One data-driven test; each row gets a fresh fixture
// room so that state-changing rows cannot affect each other.
#include "ApiTest.h"

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

enum class Caller { Anonymous, Member, OtherCustomer, StaffNonMember, StaffMember, AdminNonMember };

struct CallerInfo
{
    Caller caller;
    const char *name;
};

constexpr CallerInfo kCallers[] = {
    {Caller::Anonymous, "anonymous"},          {Caller::Member, "customer-member"},
    {Caller::OtherCustomer, "other-customer"}, {Caller::StaffNonMember, "staff-non-member"},
    {Caller::StaffMember, "staff-member"},     {Caller::AdminNonMember, "admin-non-member"},
};

// What a successful answer must contain, beyond its status.
enum class Shape { None, Room, Message, Results, Me, Object, Empty };

struct Endpoint
{
    const char *name;
    QByteArray method;
    // {room}, {message}, {target} (a user id) and {unique} are replaced per row.
    QString path;
    QByteArray body;
    Shape shape;
    bool closedFixture; // the fixture room is closed first (reopen)
    // Expected status per caller, in kCallers order.
    int expected[6];
};

QString errorCodeFor(int status)
{
    switch (status) {
    case 400:
        return u"bad_request"_s;
    case 401:
        return u"unauthorized"_s;
    case 403:
        return u"forbidden"_s;
    case 404:
        return u"not_found"_s;
    case 409:
        return u"conflict"_s;
    default:
        return {};
    }
}

const QList<Endpoint> &endpoints()
{
    // Columns: anonymous, customer member, other customer, staff non-member, staff member, admin
    // non-member.
    static const QList<Endpoint> list = {
        {"me", "GET", u"/api/me/"_s, {}, Shape::Me, false, {401, 200, 200, 200, 200, 200}},
        {"list-rooms",
         "GET",
         u"/api/chat/rooms/"_s,
         {},
         Shape::Results,
         false,
         {401, 200, 200, 200, 200, 200}},
        {"create-room",
         "POST",
         u"/api/chat/rooms/"_s,
         R"({"kind":"group","subject":"authz","members":["{target}"]})",
         Shape::Room,
         false,
         {401, 201, 201, 201, 201, 201}},
        {"get-room",
         "GET",
         u"/api/chat/rooms/{room}/"_s,
         {},
         Shape::Room,
         false,
         {401, 200, 404, 200, 200, 200}},
        {"history",
         "GET",
         u"/api/chat/rooms/{room}/messages/"_s,
         {},
         Shape::Results,
         false,
         {401, 200, 404, 200, 200, 200}},
        {"send",
         "POST",
         u"/api/chat/rooms/{room}/messages/"_s,
         R"({"type":"text","content":"authz"})",
         Shape::Message,
         false,
         {401, 201, 404, 403, 201, 403}},
        {"send-alias",
         "POST",
         u"/api/chat/rooms/{room}/send-message/"_s,
         R"({"type":"text","content":"authz"})",
         Shape::Message,
         false,
         {401, 201, 404, 403, 201, 403}},
        {"mark-read",
         "POST",
         u"/api/chat/rooms/{room}/mark-read/"_s,
         "{}",
         Shape::Object,
         false,
         {401, 200, 404, 403, 200, 403}},
        {"join",
         "POST",
         u"/api/chat/rooms/{room}/join/"_s,
         {},
         Shape::Room,
         false,
         {401, 403, 404, 200, 200, 200}},
        {"leave",
         "POST",
         u"/api/chat/rooms/{room}/leave/"_s,
         {},
         Shape::Empty,
         false,
         {401, 204, 404, 409, 204, 409}},
        {"close",
         "POST",
         u"/api/chat/rooms/{room}/close/"_s,
         {},
         Shape::Room,
         false,
         {401, 200, 404, 200, 200, 200}},
        {"reopen",
         "POST",
         u"/api/chat/rooms/{room}/reopen/"_s,
         {},
         Shape::Room,
         true,
         {401, 200, 404, 200, 200, 200}},
        {"mute",
         "POST",
         u"/api/chat/rooms/{room}/mute/"_s,
         R"({"muted":true})",
         Shape::Room,
         false,
         {401, 200, 404, 403, 200, 403}},
        {"archive",
         "POST",
         u"/api/chat/rooms/{room}/archive/"_s,
         R"({"archived":true})",
         Shape::Room,
         false,
         {401, 200, 404, 403, 200, 403}},
        {"edit-message",
         "PATCH",
         u"/api/chat/messages/{message}/"_s,
         R"({"content":"edited"})",
         Shape::Message,
         false,
         {401, 200, 404, 403, 403, 403}},
        {"delete-message",
         "DELETE",
         u"/api/chat/messages/{message}/"_s,
         {},
         Shape::Message,
         false,
         {401, 200, 404, 200, 200, 200}},
        {"report-message",
         "POST",
         u"/api/chat/messages/{message}/report/"_s,
         R"({"reason":"authz"})",
         Shape::Object,
         false,
         {401, 201, 404, 201, 201, 201}},
        {"unread-count",
         "GET",
         u"/api/chat/unread-count/"_s,
         {},
         Shape::Object,
         false,
         {401, 200, 200, 200, 200, 200}},
        {"active-rooms",
         "GET",
         u"/api/chat/active-rooms/"_s,
         {},
         Shape::Results,
         false,
         {401, 403, 403, 200, 200, 200}},
        {"admin-list-users",
         "GET",
         u"/api/admin/users/"_s,
         {},
         Shape::Results,
         false,
         {401, 403, 403, 403, 403, 200}},
        {"admin-create-user",
         "POST",
         u"/api/admin/users/"_s,
         R"({"username":"{unique}","password":"password-123","display_name":"Made","role":"staff"})",
         Shape::Object,
         false,
         {401, 403, 403, 403, 403, 201}},
        {"admin-update-user",
         "PATCH",
         u"/api/admin/users/{target}/"_s,
         R"({"display_name":"Renamed by authz"})",
         Shape::Object,
         false,
         {401, 403, 403, 403, 403, 200}},
        {"admin-reports",
         "GET",
         u"/api/admin/reports/"_s,
         {},
         Shape::Results,
         false,
         {401, 403, 403, 403, 403, 200}},
        {"admin-stats",
         "GET",
         u"/api/admin/stats/"_s,
         {},
         Shape::Object,
         false,
         {401, 403, 403, 403, 403, 200}},
    };
    return list;
}

} // namespace

class tst_AuthzMatrix : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void endpoint_data();
    void endpoint();

private:
    const Session &session(Caller caller) const;

    TestServer m_server;
    ApiClient m_api{&m_server};
    Session m_member;
    Session m_other;
    Session m_staffMember;
    Session m_staffOther;
    Session m_admin;
    Session m_bystander; // the target of user-valued rows; never a caller
    Session m_anonymous;
};

void tst_AuthzMatrix::initTestCase()
{
    const auto dumpLog = qScopeGuard([this] { m_server.dumpLogIfFailed(); });
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_member = m_api.registerUser(uniqueName(u"member"_s));
    m_other = m_api.registerUser(uniqueName(u"other"_s));
    m_bystander = m_api.registerUser(uniqueName(u"bystander"_s));
    m_staffMember = m_server.createUser(uniqueName(u"staff_in"_s), u"staff"_s);
    m_staffOther = m_server.createUser(uniqueName(u"staff_out"_s), u"staff"_s);
    m_admin = m_server.createUser(uniqueName(u"admin"_s), u"admin"_s);
}

void tst_AuthzMatrix::cleanup()
{
    m_server.dumpLogIfFailed();
}

const Session &tst_AuthzMatrix::session(Caller caller) const
{
    switch (caller) {
    case Caller::Anonymous:
        return m_anonymous;
    case Caller::Member:
        return m_member;
    case Caller::OtherCustomer:
        return m_other;
    case Caller::StaffNonMember:
        return m_staffOther;
    case Caller::StaffMember:
        return m_staffMember;
    case Caller::AdminNonMember:
        return m_admin;
    }
    return m_anonymous;
}

void tst_AuthzMatrix::endpoint_data()
{
    QTest::addColumn<int>("endpointIndex");
    QTest::addColumn<int>("caller");
    QTest::addColumn<int>("expected");
    for (qsizetype e = 0; e < endpoints().size(); ++e) {
        for (int c = 0; c < 6; ++c) {
            QTest::addRow("%s/%s", endpoints()[e].name, kCallers[c].name)
                << int(e) << c << endpoints()[e].expected[c];
        }
    }
}

void tst_AuthzMatrix::endpoint()
{
    QFETCH(int, endpointIndex);
    QFETCH(int, caller);
    QFETCH(int, expected);
    const Endpoint &e = endpoints()[endpointIndex];
    const Caller who = kCallers[caller].caller;
    QVERIFY(!m_member.access.isEmpty() && !m_staffMember.access.isEmpty() &&
            !m_admin.access.isEmpty());

    // A fresh fixture: a support room of the member with the staff member in it and one text
    // message of the member.
    const QString room = openSupportRoom(m_api, m_member, u"authz"_s);
    RETURN_IF_FAILED();
    roomAction(m_api, m_staffMember, room, u"join"_s);
    const parley::Message message = send(m_api, m_member, room, u"fixture message"_s);
    RETURN_IF_FAILED();
    if (e.closedFixture)
        roomAction(m_api, m_member, room, u"close"_s);
    RETURN_IF_FAILED();

    QString path = e.path;
    path.replace(u"{room}"_s, room)
        .replace(u"{message}"_s, message.id)
        .replace(u"{target}"_s, m_bystander.id());
    QByteArray body = e.body;
    body.replace("{target}", m_bystander.id().toUtf8())
        .replace("{unique}", uniqueName(u"authz"_s).toUtf8());

    const QJsonObject roomBefore = fetchRoom(m_api, m_member, room);
    const QJsonArray historyBefore = fetchHistory(m_api, m_staffMember, room);
    RETURN_IF_FAILED();

    const Reply reply = m_api.raw(e.method, path, body, {}, session(who).access);
    if (expected >= 400) {
        EXPECT_ERROR_FIELD(reply, expected, errorCodeFor(expected), QString());
        // A refused call changed nothing.
        const QJsonObject roomAfter = fetchRoom(m_api, m_member, room);
        for (const char *key : {"status", "last_seq", "members", "muted", "archived"})
            QVERIFY2(roomAfter.value(QLatin1StringView(key)) ==
                         roomBefore.value(QLatin1StringView(key)),
                     key);
        QCOMPARE(fetchHistory(m_api, m_staffMember, room), historyBefore);
        return;
    }
    EXPECT_STATUS(reply, expected);
    switch (e.shape) {
    case Shape::None:
        break;
    case Shape::Empty:
        QVERIFY2(reply.body.isEmpty(), qPrintable(reply.describe()));
        break;
    case Shape::Me:
        QCOMPARE(reply.obj().value("id"_L1).toString(), session(who).id());
        break;
    case Shape::Room:
        if (e.method == "POST" && path == "/api/chat/rooms/"_L1)
            EXPECT_MATCH(reply.obj().value("id"_L1).toString(), kRoomIdPattern);
        else
            QCOMPARE(reply.obj().value("id"_L1).toString(), room);
        break;
    case Shape::Message:
        QCOMPARE(reply.obj().value("room_id"_L1).toString(), room);
        EXPECT_MATCH(reply.obj().value("id"_L1).toString(), kUuidPattern);
        break;
    case Shape::Results:
        QVERIFY2(reply.obj().value("results"_L1).isArray(), qPrintable(reply.describe()));
        break;
    case Shape::Object:
        QVERIFY2(reply.json.isObject() && !reply.obj().contains("error"_L1),
                 qPrintable(reply.describe()));
        break;
    }

    // Where the answer should show the caller's view, check it took effect.
    const auto is = [&e](const char *name) { return qstrcmp(e.name, name) == 0; };
    if (is("history"))
        QCOMPARE(idsOf(reply.results()).last(), message.id);
    if (is("mute"))
        QCOMPARE(reply.obj().value("muted"_L1), QJsonValue(true));
    if (is("archive"))
        QCOMPARE(reply.obj().value("archived"_L1), QJsonValue(true));
    if (is("close"))
        QCOMPARE(reply.obj().value("status"_L1).toString(), u"closed"_s);
    if (is("reopen"))
        QCOMPARE(reply.obj().value("status"_L1).toString(), u"open"_s);
    if (is("join"))
        QVERIFY(memberUsernames(reply.obj()).contains(session(who).username()));
    if (is("edit-message"))
        QCOMPARE(reply.obj().value("content"_L1).toString(), u"edited"_s);
    if (is("delete-message"))
        QCOMPARE(reply.obj().value("deleted"_L1), QJsonValue(true));
    if (is("mark-read"))
        QVERIFY2(reply.obj().value("read_seq"_L1).toInteger(-1) >= message.seq,
                 qPrintable(reply.describe()));
    if (is("admin-update-user"))
        QCOMPARE(reply.obj().value("display_name"_L1).toString(), u"Renamed by authz"_s);
}

QTEST_GUILESS_MAIN(tst_AuthzMatrix)
#include "tst_authz_matrix.moc"
