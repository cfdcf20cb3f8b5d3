// Auto-assignment (docs/API.md "Assignment and availability"): admins switch it on and set the
// capacity at runtime; waiting rooms go oldest first to the least loaded available online staff
// member (ties: the longest since their last assignment), never past capacity, never to away or
// offline staff; the backlog moves when someone becomes available or drops below capacity. Two
// servers on one database never both assign a room.
#include "WsTest.h"

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

const QString kDesk = u"/api/admin/desk"_s;
const QString kSecret = u"desk-autoassign-test-secret-0123456789abcdef"_s;

QString assigneeOf(const QJsonObject &room)
{
    return room.value(u"assignee"_s).toObject().value(u"id"_s).toString();
}

// How many "was assigned" system messages a room has.
int assignedMessages(ApiClient &api, const Session &as, const QString &roomId)
{
    int assigned = 0;
    for (const QJsonValue &message : fullHistory(api, as, roomId)) {
        if (message.toObject().value(u"metadata"_s).toObject().value(u"event"_s) == u"assigned"_s)
            ++assigned;
    }
    return assigned;
}

QJsonObject setAvailability(const QString &availability)
{
    return {{u"availability"_s, availability}};
}

} // namespace

class tst_DeskAutoAssign : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void settingsRules_data();
    void settingsRules();
    void assignsLeastLoadedAvailableOnline();
    void twoServersNeverAssignTwice();

private:
    // Waits for the room_assigned frame of `roomId` on the customer's socket: the assignee's id.
    QString waitAssigned(WsClient &customer, const QString &roomId);

    TestServer m_server;
    ApiClient m_api{&m_server};
    Session m_admin;
    Session m_staff;
    Session m_alice;
};

void tst_DeskAutoAssign::initTestCase()
{
    const auto dumpLog = qScopeGuard([this] { m_server.dumpLogIfFailed(); });
    m_server.setEnv(u"PARLEY_JWT_SECRET"_s, kSecret); // tokens valid on the second server too
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_admin = m_server.createUser(uniqueName(u"admin"_s), u"admin"_s);
    m_staff = m_server.createUser(uniqueName(u"staff"_s), u"staff"_s);
    m_alice = m_api.registerUser(uniqueName(u"alice"_s));
    RETURN_IF_FAILED();
}

void tst_DeskAutoAssign::cleanup()
{
    m_server.dumpLogIfFailed();
}

QString tst_DeskAutoAssign::waitAssigned(WsClient &customer, const QString &roomId)
{
    const QJsonObject frame = customer.waitFor(u"room_assigned"_s, aboutRoom(roomId));
    if (frame.isEmpty())
        QTest::qFail(qPrintable(customer.failure()), __FILE__, __LINE__);
    return frame.value(u"assignee"_s).toObject().value(u"id"_s).toString();
}

void tst_DeskAutoAssign::settingsRules_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::newRow("staff") << "staff" << QJsonObject{{u"auto_assign"_s, true}} << 403
                           << "forbidden";
    QTest::newRow("customer") << "alice" << QJsonObject{{u"auto_assign"_s, true}} << 403
                              << "forbidden";
    QTest::newRow("capacity 0") << "admin" << QJsonObject{{u"capacity"_s, 0}} << 400
                                << "validation_failed";
    QTest::newRow("capacity text")
        << "admin" << QJsonObject{{u"capacity"_s, u"2"_s}} << 400 << "validation_failed";
    QTest::newRow("flag text") << "admin" << QJsonObject{{u"auto_assign"_s, u"yes"_s}} << 400
                               << "validation_failed";
    QTest::newRow("admin, capacity") << "admin" << QJsonObject{{u"capacity"_s, 7}} << 200 << "";
}

void tst_DeskAutoAssign::settingsRules()
{
    QFETCH(QString, who);
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    QFETCH(QString, code);
    const QHash<QString, Session> all{
        {u"admin"_s, m_admin}, {u"staff"_s, m_staff}, {u"alice"_s, m_alice}};
    const Reply before = m_api.get(kDesk, m_admin);
    EXPECT_STATUS(before, 200);
    const Reply reply = m_api.patch(kDesk, body, all.value(who));
    if (!code.isEmpty()) {
        EXPECT_ERROR_FIELD(reply, status, code, QString());
        QCOMPARE(m_api.get(kDesk, m_admin).obj(), before.obj()); // unchanged
    } else {
        EXPECT_STATUS(reply, status);
        QCOMPARE(reply.obj().value(u"auto_assign"_s), QJsonValue(false)); // the default: off
        QCOMPARE(reply.obj().value(u"capacity"_s).toInt(), body.value(u"capacity"_s).toInt());
        QCOMPARE(m_api.get(kDesk, m_admin).obj(), reply.obj());
    }
    EXPECT_ERROR(m_api.get(kDesk, all.value(u"staff"_s)), 403, "forbidden");
}

void tst_DeskAutoAssign::assignsLeastLoadedAvailableOnline()
{
    const Session a = m_server.createUser(uniqueName(u"ann"_s), u"staff"_s);
    const Session b = m_server.createUser(uniqueName(u"bob"_s), u"staff"_s);
    const Session c = m_server.createUser(uniqueName(u"cat"_s), u"staff"_s);
    const Session d = m_server.createUser(uniqueName(u"dan"_s), u"staff"_s); // never online
    RETURN_IF_FAILED();
    auto aWs = connectChat(m_server, a, u"ann"_s);
    auto bWs = connectChat(m_server, b, u"bob"_s);
    auto cWs = connectChat(m_server, c, u"cat"_s);
    auto alice = connectChat(m_server, m_alice, u"alice"_s);
    RETURN_IF_FAILED();
    EXPECT_STATUS(m_api.post(u"/api/desk/availability"_s, setAvailability(u"away"_s), c), 200);
    // Ann already has one, assigned by hand before auto-assignment is on.
    const QString r0 = openSupportRoom(m_api, m_alice, u"R0"_s);
    RETURN_IF_FAILED();
    EXPECT_STATUS(m_api.post(roomPath(r0, u"assign"_s), {{u"assignee_id"_s, a.id()}}, a), 200);
    const Reply on = m_api.patch(kDesk, {{u"auto_assign"_s, true}, {u"capacity"_s, 2}}, m_admin);
    EXPECT_STATUS(on, 200);
    QCOMPARE(on.obj().value(u"auto_assign"_s), QJsonValue(true));

    // Bob has none: the least loaded.
    const QString r1 = openSupportRoom(m_api, m_alice, u"R1"_s);
    QCOMPARE(waitAssigned(*alice, r1), b.id());
    // One each: Ann's last assignment is the older one.
    const QString r2 = openSupportRoom(m_api, m_alice, u"R2"_s);
    QCOMPARE(waitAssigned(*alice, r2), a.id());
    // Bob (one) is below Ann (two).
    const QString r3 = openSupportRoom(m_api, m_alice, u"R3"_s);
    QCOMPARE(waitAssigned(*alice, r3), b.id());
    // Both at capacity, Cat away, Dan offline: it waits.
    const QString r4 = openSupportRoom(m_api, m_alice, u"R4"_s);
    RETURN_IF_FAILED();
    QVERIFY(alice->barrier());
    QJsonObject waiting = fetchRoom(m_api, m_admin, r4);
    QVERIFY(waiting.value(u"assignee"_s).isNull());
    QVERIFY(!waiting.value(u"waiting_since"_s).isNull());
    const Reply queue = m_api.get(u"/api/chat/active-rooms"_s, b);
    QVERIFY(idsOf(queue.obj().value(u"results"_s).toArray()).contains(r4));

    // Cat becomes available: the backlog goes to her.
    EXPECT_STATUS(m_api.post(u"/api/desk/availability"_s, setAvailability(u"available"_s), c), 200);
    QCOMPARE(waitAssigned(*alice, r4), c.id());
    WS_WAIT(catRoom, *cWs, u"room_added"_s, aboutRoom(r4));
    const QJsonObject r4Now = fetchRoom(m_api, m_admin, r4);
    QVERIFY(r4Now.value(u"waiting_since"_s).isNull());
    QVERIFY(memberUsernames(r4Now).contains(c.user.username));

    // Cat (one) again: then everyone is full.
    const QString r5 = openSupportRoom(m_api, m_alice, u"R5"_s);
    QCOMPARE(waitAssigned(*alice, r5), c.id());
    const QString r6 = openSupportRoom(m_api, m_alice, u"R6"_s);
    RETURN_IF_FAILED();
    QVERIFY(alice->barrier());
    QVERIFY(fetchRoom(m_api, m_admin, r6).value(u"assignee"_s).isNull());

    // Ann closes one: below capacity, she gets the waiting room.
    roomAction(m_api, a, r0, u"close"_s);
    QCOMPARE(waitAssigned(*alice, r6), a.id());

    // Dan was never online: never assigned.
    const Reply staff = m_api.get(u"/api/desk/staff"_s, a);
    for (const QJsonValue &entry : staff.obj().value(u"results"_s).toArray()) {
        const QJsonObject state = entry.toObject();
        const QString id = state.value(u"user"_s).toObject().value(u"id"_s).toString();
        if (id == d.id())
            QCOMPARE(state.value(u"open_assigned"_s).toInt(), 0);
        if (id == a.id() || id == b.id() || id == c.id())
            QCOMPARE(state.value(u"open_assigned"_s).toInt(), 2);
    }
    // Each room was assigned once: one "assigned" system message each.
    for (const QString &room : {r1, r2, r3, r4, r5, r6}) {
        QCOMPARE(assignedMessages(m_api, m_admin, room), 1);
    }
    EXPECT_STATUS(m_api.patch(kDesk, {{u"auto_assign"_s, false}}, m_admin), 200);
    for (const QString &room : {r1, r2, r3, r4, r5, r6})
        roomAction(m_api, m_admin, room, u"close"_s);
}

void tst_DeskAutoAssign::twoServersNeverAssignTwice()
{
    // A second server on this one's database (no Redis: each node sees its own sockets only).
    TestServer second;
    second.setEnv(u"PARLEY_JWT_SECRET"_s, kSecret);
    second.setDatabase(m_server.database());
    QVERIFY2(second.start(), qPrintable(second.errorString()));
    const auto dumpLog = qScopeGuard([&second] { second.dumpLogIfFailed(); });
    ApiClient api2(&second);
    const Session x = m_server.createUser(uniqueName(u"xena"_s), u"staff"_s);
    const Session y = m_server.createUser(uniqueName(u"yuri"_s), u"staff"_s);
    RETURN_IF_FAILED();
    // A backlog, then both staff online on both nodes.
    QStringList rooms;
    for (int i = 0; i < 8; ++i)
        rooms.append(openSupportRoom(m_api, m_alice, u"Backlog %1"_s.arg(i)));
    auto x1 = connectChat(m_server, x, u"xena@1"_s);
    auto y1 = connectChat(m_server, y, u"yuri@1"_s);
    auto x2 = connectChat(second, x, u"xena@2"_s);
    auto y2 = connectChat(second, y, u"yuri@2"_s);
    RETURN_IF_FAILED();
    // Both nodes run a pass over the same backlog, overlapping: each PATCH starts one on the node
    // that answers it, and the second arrives while the first node is still assigning.
    const QJsonObject on{{u"auto_assign"_s, true}, {u"capacity"_s, 10}};
    EXPECT_STATUS(m_api.patch(kDesk, on, m_admin), 200);
    EXPECT_STATUS(api2.patch(kDesk, on, m_admin), 200);
    // Every backlog room ends up assigned to one of them, with one "assigned" message.
    for (const QString &room : std::as_const(rooms)) {
        QTRY_VERIFY_WITH_TIMEOUT(!fetchRoom(m_api, m_admin, room).value(u"assignee"_s).isNull(),
                                 10000);
        const QString assignee = assigneeOf(fetchRoom(m_api, m_admin, room));
        QVERIFY(assignee == x.id() || assignee == y.id());
        QCOMPARE(assignedMessages(m_api, m_admin, room), 1);
    }
    EXPECT_STATUS(m_api.patch(kDesk, {{u"auto_assign"_s, false}}, m_admin), 200);
}

QTEST_MAIN(tst_DeskAutoAssign)
#include "tst_desk_autoassign.moc"
