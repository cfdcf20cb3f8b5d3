// Assignment, transfer and availability (docs/API.md "Assignment and availability"): the rules per
// role over REST, and which sockets hear of it (staff, the room's customer, never a customer of
// another room).
#include "WsTest.h"

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

QJsonObject assignBody(const QString &assigneeId)
{
    return {{u"assignee_id"_s, assigneeId.isEmpty() ? QJsonValue() : QJsonValue(assigneeId)}};
}

QString assigneeOf(const QJsonObject &room)
{
    return room.value(u"assignee"_s).toObject().value(u"id"_s).toString();
}

// The entry of GET /api/desk/staff/ for this user.
QJsonObject staffEntry(ApiClient &api, const Session &as, const QString &userId)
{
    const Reply reply = api.get(u"/api/desk/staff"_s, as);
    for (const QJsonValue &entry : reply.obj().value(u"results"_s).toArray()) {
        if (entry.toObject().value(u"user"_s).toObject().value(u"id"_s).toString() == userId)
            return entry.toObject();
    }
    return {};
}

} // namespace

class tst_DeskAssign : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void assignRules_data();
    void assignRules();
    void assignmentReachesTheRightSockets();
    void transferKeepsThePreviousAssignee();
    void assigneeLeavingUnassigns();
    void listByAssignee();
    void availabilityRules_data();
    void availabilityRules();
    void availabilityShowsAndPersists();

private:
    QHash<QString, Session> sessions() const;

    TestServer m_server;
    ApiClient m_api{&m_server};
    Session m_admin;
    Session m_sam;
    Session m_tom;
    Session m_blocked; // staff, blocked
    Session m_alice;   // customer
    Session m_carol;   // another customer
};

void tst_DeskAssign::initTestCase()
{
    const auto dumpLog = qScopeGuard([this] { m_server.dumpLogIfFailed(); });
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_admin = m_server.createUser(uniqueName(u"admin"_s), u"admin"_s);
    m_sam = m_server.createUser(uniqueName(u"sam"_s), u"staff"_s);
    m_tom = m_server.createUser(uniqueName(u"tom"_s), u"staff"_s);
    m_blocked = m_server.createUser(uniqueName(u"gone"_s), u"staff"_s);
    m_alice = m_api.registerUser(uniqueName(u"alice"_s));
    m_carol = m_api.registerUser(uniqueName(u"carol"_s));
    RETURN_IF_FAILED();
    EXPECT_STATUS(
        m_api.patch(u"/api/admin/users/%1"_s.arg(m_blocked.id()), {{u"blocked"_s, true}}, m_admin),
        200);
}

void tst_DeskAssign::cleanup()
{
    m_server.dumpLogIfFailed();
}

QHash<QString, Session> tst_DeskAssign::sessions() const
{
    return {{u"admin"_s, m_admin}, {u"sam"_s, m_sam},     {u"tom"_s, m_tom},
            {u"alice"_s, m_alice}, {u"carol"_s, m_carol}, {u"blocked"_s, m_blocked}};
}

void tst_DeskAssign::assignRules_data()
{
    QTest::addColumn<QString>("before"); // who is assigned first (by an admin), "" nobody
    QTest::addColumn<QString>("who");
    QTest::addColumn<QString>("target"); // "" unassign, "nobody-id" an unknown id
    QTest::addColumn<QString>("setup");  // "closed", "group" or ""
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");
    QTest::newRow("customer assigns") << ""
                                      << "alice"
                                      << "sam"
                                      << "" << 403 << "forbidden"
                                      << "";
    QTest::newRow("staff takes it") << ""
                                    << "sam"
                                    << "sam"
                                    << "" << 200 << ""
                                    << "";
    QTest::newRow("staff assigns a colleague") << ""
                                               << "sam"
                                               << "tom"
                                               << "" << 200 << ""
                                               << "";
    QTest::newRow("admin assigns") << ""
                                   << "admin"
                                   << "sam"
                                   << "" << 200 << ""
                                   << "";
    QTest::newRow("to a customer") << ""
                                   << "sam"
                                   << "alice"
                                   << "" << 400 << "validation_failed"
                                   << "assignee_id";
    QTest::newRow("to blocked staff") << ""
                                      << "sam"
                                      << "blocked"
                                      << "" << 400 << "validation_failed"
                                      << "assignee_id";
    QTest::newRow("to an unknown user") << ""
                                        << "sam"
                                        << "nobody-id"
                                        << "" << 400 << "validation_failed"
                                        << "assignee_id";
    QTest::newRow("closed room") << ""
                                 << "sam"
                                 << "sam"
                                 << "closed" << 409 << "room_closed"
                                 << "";
    QTest::newRow("not a support room") << ""
                                        << "sam"
                                        << "sam"
                                        << "group" << 409 << "conflict"
                                        << "";
    QTest::newRow("transfer own") << "sam"
                                  << "sam"
                                  << "tom"
                                  << "" << 200 << ""
                                  << "";
    QTest::newRow("take someone else's") << "sam"
                                         << "tom"
                                         << "tom"
                                         << "" << 403 << "forbidden"
                                         << "";
    QTest::newRow("admin reassigns") << "sam"
                                     << "admin"
                                     << "tom"
                                     << "" << 200 << ""
                                     << "";
    QTest::newRow("unassign own") << "sam"
                                  << "sam"
                                  << ""
                                  << "" << 200 << ""
                                  << "";
    QTest::newRow("unassign someone else's") << "sam"
                                             << "tom"
                                             << ""
                                             << "" << 403 << "forbidden"
                                             << "";
    QTest::newRow("admin unassigns") << "sam"
                                     << "admin"
                                     << ""
                                     << "" << 200 << ""
                                     << "";
}

void tst_DeskAssign::assignRules()
{
    QFETCH(QString, before);
    QFETCH(QString, who);
    QFETCH(QString, target);
    QFETCH(QString, setup);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, field);
    const auto all = sessions();
    const QString room = setup == u"group" ? openGroupRoom(m_api, m_sam, {m_alice})
                                           : openSupportRoom(m_api, m_alice, u"Rules"_s);
    RETURN_IF_FAILED();
    if (!before.isEmpty())
        EXPECT_STATUS(
            m_api.post(roomPath(room, u"assign"_s), assignBody(all.value(before).id()), m_admin),
            200);
    if (setup == u"closed")
        roomAction(m_api, m_alice, room, u"close"_s);
    RETURN_IF_FAILED();
    const QString targetId = target.isEmpty()       ? QString()
                             : all.contains(target) ? all.value(target).id()
                                                    : target;
    const Reply reply =
        m_api.post(roomPath(room, u"assign"_s), assignBody(targetId), all.value(who));
    if (!code.isEmpty()) {
        EXPECT_ERROR_FIELD(reply, status, code, field);
        // Nothing changed.
        const QJsonObject after = fetchRoom(m_api, m_admin, room);
        QCOMPARE(assigneeOf(after), before.isEmpty() ? QString() : all.value(before).id());
        return;
    }
    EXPECT_STATUS(reply, status);
    QCOMPARE(assigneeOf(reply.obj()), targetId);
    const QJsonObject stored = fetchRoom(m_api, m_admin, room);
    QCOMPARE(assigneeOf(stored), targetId);
    if (!targetId.isEmpty()) {
        QVERIFY(memberUsernames(stored).contains(all.value(target).user.username));
        QVERIFY(stored.value(u"waiting_since"_s).isNull()); // out of the queue
    }
    // The customer sees who handles it (or that nobody does any more).
    const QJsonArray history = fetchHistory(m_api, m_alice, room);
    const QJsonObject last = history.last().toObject();
    QCOMPARE(last.value(u"type"_s).toString(), u"system"_s);
    QCOMPARE(last.value(u"metadata"_s).toObject().value(u"event"_s).toString(),
             targetId.isEmpty() ? u"unassigned"_s : u"assigned"_s);
    if (!targetId.isEmpty())
        QCOMPARE(last.value(u"content"_s).toString(),
                 u"%1 was assigned"_s.arg(all.value(target).user.displayName));
}

void tst_DeskAssign::assignmentReachesTheRightSockets()
{
    const QString room = openSupportRoom(m_api, m_alice, u"Events"_s);
    const QString other = openSupportRoom(m_api, m_carol, u"Other"_s);
    RETURN_IF_FAILED();
    auto sam = connectChat(m_server, m_sam, u"sam"_s);
    auto tom = connectChat(m_server, m_tom, u"tom"_s);
    auto alice = connectChat(m_server, m_alice, u"alice"_s);
    auto carol = connectChat(m_server, m_carol, u"carol"_s);
    RETURN_IF_FAILED();

    const Reply reply = m_api.post(roomPath(room, u"assign"_s), assignBody(m_sam.id()), m_tom);
    EXPECT_STATUS(reply, 200);

    // The assignee: the room arrives (member now) and the assignment.
    WS_WAIT(added, *sam, u"room_added"_s, aboutRoom(room));
    QCOMPARE(assigneeOf(added.value(u"room"_s).toObject()), m_sam.id());
    WS_WAIT(samAssigned, *sam, u"room_assigned"_s, aboutRoom(room));
    WS_CHECK(checkUser(samAssigned.value(u"assignee"_s), m_sam, "assignee"));
    WS_CHECK(checkUser(samAssigned.value(u"by"_s), m_tom, "by"));
    QVERIFY(samAssigned.value(u"previous"_s).isNull());
    // Other staff: the assignment, and the room leaving the queue.
    WS_WAIT(tomAssigned, *tom, u"room_assigned"_s, aboutRoom(room));
    WS_WAIT(queue, *tom, u"queue_updated"_s, aboutRoom(room));
    QVERIFY(queue.value(u"room"_s).toObject().value(u"waiting_since"_s).isNull());
    QCOMPARE(assigneeOf(queue.value(u"room"_s).toObject()), m_sam.id());
    // The room's customer: the assignment and the system message.
    WS_WAIT(aliceAssigned, *alice, u"room_assigned"_s, aboutRoom(room));
    WS_CHECK(checkUser(aliceAssigned.value(u"assignee"_s), m_sam, "assignee"));
    WS_WAIT(message, *alice, u"message"_s, aboutRoom(room));
    QCOMPARE(message.value(u"message"_s).toObject().value(u"content"_s).toString(),
             u"%1 was assigned"_s.arg(m_sam.user.displayName));
    // A customer of another room hears nothing of it.
    QVERIFY(carol->barrier());
    WS_NONE(*carol, u"room_assigned"_s);
    WS_NONE(*carol, u"queue_updated"_s);
    WS_NONE(*carol, u"message"_s, aboutRoom(room));
    // Nor does the other room's customer when the other room is assigned... to their own socket
    // only: alice hears nothing of carol's room.
    EXPECT_STATUS(m_api.post(roomPath(other, u"assign"_s), assignBody(m_tom.id()), m_tom), 200);
    WS_WAIT(carolAssigned, *carol, u"room_assigned"_s, aboutRoom(other));
    QVERIFY(alice->barrier());
    WS_NONE(*alice, u"room_assigned"_s, aboutRoom(other));
}

void tst_DeskAssign::transferKeepsThePreviousAssignee()
{
    const QString room = openSupportRoom(m_api, m_alice, u"Transfer"_s);
    RETURN_IF_FAILED();
    EXPECT_STATUS(m_api.post(roomPath(room, u"assign"_s), assignBody(m_sam.id()), m_sam), 200);
    auto tom = connectChat(m_server, m_tom, u"tom"_s);
    RETURN_IF_FAILED();
    const Reply reply = m_api.post(roomPath(room, u"assign"_s), assignBody(m_tom.id()), m_sam);
    EXPECT_STATUS(reply, 200);
    QCOMPARE(assigneeOf(reply.obj()), m_tom.id());
    const QStringList members = memberUsernames(reply.obj());
    QVERIFY(members.contains(m_sam.user.username));
    QVERIFY(members.contains(m_tom.user.username));
    WS_WAIT(assigned, *tom, u"room_assigned"_s, aboutRoom(room));
    WS_CHECK(checkUser(assigned.value(u"previous"_s), m_sam, "previous"));
    WS_CHECK(checkUser(assigned.value(u"assignee"_s), m_tom, "assignee"));
    // Now only tom (or an admin) may change it.
    EXPECT_ERROR(m_api.post(roomPath(room, u"assign"_s), assignBody(m_sam.id()), m_sam), 403,
                 "forbidden");
}

void tst_DeskAssign::assigneeLeavingUnassigns()
{
    const QString room = openSupportRoom(m_api, m_alice, u"Leave"_s);
    RETURN_IF_FAILED();
    EXPECT_STATUS(m_api.post(roomPath(room, u"assign"_s), assignBody(m_sam.id()), m_sam), 200);
    EXPECT_STATUS(m_api.post(roomPath(room, u"leave"_s), {}, m_sam), 204);
    const QJsonObject after = fetchRoom(m_api, m_admin, room);
    QVERIFY(after.value(u"assignee"_s).isNull());
    QVERIFY(!after.value(u"waiting_since"_s).isNull()); // back in the queue
}

void tst_DeskAssign::listByAssignee()
{
    const QString mine = openSupportRoom(m_api, m_alice, u"Mine"_s);
    const QString toms = openSupportRoom(m_api, m_alice, u"Toms"_s);
    const QString nobodys = openSupportRoom(m_api, m_alice, u"Nobody"_s);
    RETURN_IF_FAILED();
    EXPECT_STATUS(m_api.post(roomPath(mine, u"assign"_s), assignBody(m_sam.id()), m_sam), 200);
    EXPECT_STATUS(m_api.post(roomPath(toms, u"assign"_s), assignBody(m_tom.id()), m_tom), 200);
    auto list = [this](const QString &query, const Session &as) -> QStringList {
        const Reply reply = m_api.get(u"/api/chat/rooms/?limit=200&"_s + query, as);
        if (reply.status != 200)
            return {u"status %1"_s.arg(reply.status)};
        return idsOf(reply.obj().value(u"results"_s).toArray());
    };
    const QStringList samMine = list(u"assignee=me"_s, m_sam);
    QVERIFY(samMine.contains(mine));
    QVERIFY(!samMine.contains(toms));
    const QStringList byId = list(u"scope=all&assignee="_s + m_tom.id(), m_admin);
    QVERIFY(byId.contains(toms));
    QVERIFY(!byId.contains(mine));
    const QStringList none = list(u"scope=all&assignee=none&status=open&kind=support"_s, m_sam);
    QVERIFY(none.contains(nobodys));
    QVERIFY(!none.contains(mine));
    QVERIFY(!none.contains(toms));
    // Customers: the filter is staff-only and ignored; they see their own rooms.
    const QStringList customer = list(u"assignee=none"_s, m_alice);
    QVERIFY(customer.contains(mine));
    QVERIFY(customer.contains(nobodys));
}

void tst_DeskAssign::availabilityRules_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QString>("whose");
    QTest::addColumn<QString>("availability");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::newRow("staff, own") << "tom"
                                << ""
                                << "away" << 200 << "";
    QTest::newRow("staff, own, back") << "tom"
                                      << ""
                                      << "available" << 200 << "";
    QTest::newRow("staff, someone else's") << "tom"
                                           << "sam"
                                           << "away" << 403 << "forbidden";
    QTest::newRow("admin, someone else's") << "admin"
                                           << "tom"
                                           << "away" << 200 << "";
    QTest::newRow("admin, back") << "admin"
                                 << "tom"
                                 << "available" << 200 << "";
    QTest::newRow("customer") << "alice"
                              << ""
                              << "away" << 403 << "forbidden";
    QTest::newRow("admin, a customer") << "admin"
                                       << "alice"
                                       << "away" << 404 << "not_found";
    QTest::newRow("bad value") << "tom"
                               << ""
                               << "busy" << 400 << "validation_failed";
}

void tst_DeskAssign::availabilityRules()
{
    QFETCH(QString, who);
    QFETCH(QString, whose);
    QFETCH(QString, availability);
    QFETCH(int, status);
    QFETCH(QString, code);
    const auto all = sessions();
    QJsonObject body{{u"availability"_s, availability}};
    if (!whose.isEmpty())
        body.insert(u"user_id"_s, all.value(whose).id());
    const Reply reply = m_api.post(u"/api/desk/availability"_s, body, all.value(who));
    if (!code.isEmpty()) {
        EXPECT_ERROR_FIELD(reply, status, code, QString());
        return;
    }
    EXPECT_STATUS(reply, status);
    QCOMPARE(reply.obj().value(u"availability"_s).toString(), availability);
    const QString userId = whose.isEmpty() ? all.value(who).id() : all.value(whose).id();
    QCOMPARE(staffEntry(m_api, m_sam, userId).value(u"availability"_s).toString(), availability);
}

void tst_DeskAssign::availabilityShowsAndPersists()
{
    auto tom = connectChat(m_server, m_tom, u"tom"_s);
    auto alice = connectChat(m_server, m_alice, u"alice"_s);
    RETURN_IF_FAILED();
    // Connecting: staff see sam's presence with his availability.
    auto sam = connectChat(m_server, m_sam, u"sam"_s);
    RETURN_IF_FAILED();
    WS_WAIT(presence, *tom, u"presence"_s, aboutUser(m_sam.id()));
    QCOMPARE(presence.value(u"availability"_s).toString(), u"available"_s);

    EXPECT_STATUS(m_api.post(u"/api/desk/availability"_s, {{u"availability"_s, u"away"_s}}, m_sam),
                  200);
    WS_WAIT(changed, *tom, u"availability"_s);
    WS_CHECK(checkUser(changed.value(u"user"_s), m_sam, "user"));
    QCOMPARE(changed.value(u"availability"_s).toString(), u"away"_s);
    QVERIFY(alice->barrier());
    WS_NONE(*alice, u"availability"_s);

    // online-staff shows it with the load.
    const Reply online = m_api.get(u"/api/chat/online-staff"_s, m_tom);
    EXPECT_STATUS(online, 200);
    QJsonObject samOnline;
    for (const QJsonValue &entry : online.json.toArray()) {
        if (entry.toObject().value(u"id"_s).toString() == m_sam.id())
            samOnline = entry.toObject();
    }
    QCOMPARE(samOnline.value(u"availability"_s).toString(), u"away"_s);
    QVERIFY(samOnline.value(u"open_assigned"_s).isDouble());
    QCOMPARE(staffEntry(m_api, m_tom, m_sam.id()).value(u"user"_s).toObject().value(u"online"_s),
             QJsonValue(true));

    // Kept across a restart.
    sam.reset();
    tom.reset();
    alice.reset();
    QVERIFY2(m_server.restart(), qPrintable(m_server.errorString()));
    QCOMPARE(staffEntry(m_api, m_tom, m_sam.id()).value(u"availability"_s).toString(), u"away"_s);
}

QTEST_MAIN(tst_DeskAssign)
#include "tst_desk_assign.moc"
