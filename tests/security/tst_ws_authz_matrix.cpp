// Authorization of every client frame of /ws (send, typing, read, delivered, resume, ping) for
// every kind of caller: a customer member of the room, a customer who is not, a staff member,
// staff who did not join, an admin who did not join, and a blocked member. The table says what
// each caller gets; afterwards the room shows that refused frames changed nothing.
//
// Staff see every room over REST, but frames act only where the caller is a member: staff and
// admins who did not join get `forbidden` ("join first") for writes that need membership, and
// `not_found` where the hub checks its member list (typing). Blocked accounts never get a
// socket (closed with 4401 at the upgrade).
#include "WsTest.h"

#include <array>
#include <map>

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

enum class Caller { CustomerMember, CustomerOther, StaffMember, StaffOther, AdminOther, Blocked };

QString callerName(Caller caller)
{
    switch (caller) {
    case Caller::CustomerMember:
        return u"customer member"_s;
    case Caller::CustomerOther:
        return u"customer non-member"_s;
    case Caller::StaffMember:
        return u"staff member"_s;
    case Caller::StaffOther:
        return u"staff non-member"_s;
    case Caller::AdminOther:
        return u"admin non-member"_s;
    case Caller::Blocked:
        return u"blocked member"_s;
    }
    return {};
}

constexpr Caller kCallers[] = {Caller::CustomerMember, Caller::CustomerOther, Caller::StaffMember,
                               Caller::StaffOther,     Caller::AdminOther,    Caller::Blocked};

} // namespace

Q_DECLARE_METATYPE(Caller)

class tst_WsAuthzMatrix : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void frames_data();
    void frames();
    void refusedFramesChangedNothing();

private:
    Session &session(Caller caller) { return m_sessions[caller]; }

    TestServer m_server;
    ApiClient m_api{&m_server};
    std::map<Caller, Session> m_sessions;
    QString m_room;
    qint64 m_lastSeq = 0;
    int m_acceptedSends = 0;
};

void tst_WsAuthzMatrix::initTestCase()
{
    m_server.setEnv(u"PARLEY_WS_RATE"_s, u"0"_s);
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    const Session admin = m_server.createUser(uniqueName(u"admin"_s), u"admin"_s);
    m_sessions[Caller::AdminOther] = admin;
    m_sessions[Caller::CustomerMember] = m_api.registerUser(uniqueName(u"member"_s));
    m_sessions[Caller::CustomerOther] = m_api.registerUser(uniqueName(u"outsider"_s));
    m_sessions[Caller::StaffMember] = m_server.createUser(uniqueName(u"agent"_s), u"staff"_s);
    m_sessions[Caller::StaffOther] = m_server.createUser(uniqueName(u"other_agent"_s), u"staff"_s);
    m_sessions[Caller::Blocked] = m_api.registerUser(uniqueName(u"blocked"_s));
    RETURN_IF_FAILED();
    // A group room of the customer with the blocked user; the staff member joins it.
    m_room = openGroupRoom(m_api, session(Caller::CustomerMember), {session(Caller::Blocked)},
                           u"matrix"_s);
    RETURN_IF_FAILED();
    roomAction(m_api, session(Caller::StaffMember), m_room, u"join"_s);
    const QJsonObject first =
        sendJson(m_api, session(Caller::CustomerMember), m_room,
                 {{u"type"_s, u"text"_s}, {u"content"_s, u"before the matrix"_s}});
    RETURN_IF_FAILED();
    m_lastSeq = first[u"seq"_s].toInteger();
    EXPECT_STATUS(m_api.patch(u"/api/admin/users/%1/"_s.arg(session(Caller::Blocked).id()),
                              {{u"blocked"_s, true}}, admin),
                  200);
}

void tst_WsAuthzMatrix::cleanup()
{
    m_server.dumpLogIfFailed();
}

void tst_WsAuthzMatrix::frames_data()
{
    QTest::addColumn<Caller>("caller");
    QTest::addColumn<QString>("frameType");
    // "ack", "pong", "error:<code>", "resumed+room" (the room's messages come back),
    // "resumed-room" (room_removed, none of its messages), "closed:<code>".
    QTest::addColumn<QString>("expected");

    // One row per frame type; the columns follow kCallers: customer member, customer non-member,
    // staff member, staff non-member, admin non-member, blocked.
    const QString ack = u"ack"_s, notFound = u"error:not_found"_s, forbidden = u"error:forbidden"_s,
                  closed = u"closed:4401"_s;
    const std::map<QString, std::array<QString, std::size(kCallers)>> table = {
        {u"send"_s, {ack, notFound, ack, forbidden, forbidden, closed}},
        {u"typing"_s, {ack, notFound, ack, notFound, notFound, closed}},
        {u"read"_s, {ack, notFound, ack, forbidden, forbidden, closed}},
        {u"delivered"_s, {ack, notFound, ack, forbidden, forbidden, closed}},
        {u"resume"_s,
         {u"resumed+room"_s, u"resumed-room"_s, u"resumed+room"_s, u"resumed-room"_s,
          u"resumed-room"_s, closed}},
        {u"ping"_s, {u"pong"_s, u"pong"_s, u"pong"_s, u"pong"_s, u"pong"_s, closed}},
    };
    for (const auto &[type, row] : table) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            QTest::addRow("%s by %s", qPrintable(type), qPrintable(callerName(kCallers[i])))
                << kCallers[i] << type << row.at(i);
        }
    }
}

void tst_WsAuthzMatrix::frames()
{
    QFETCH(Caller, caller);
    QFETCH(QString, frameType);
    QFETCH(QString, expected);

    const Session &who = session(caller);
    WsClient ws(callerName(caller));
    QVERIFY2(ws.open(wsUrl(m_server), who.access), qPrintable(ws.failure()));
    if (expected.startsWith(u"closed:"_s)) {
        // Blocked: the socket is closed at once, before any frame could act.
        ws.send(sendFrame(m_room, u"blocked-send"_s, u"from a blocked account"_s, u"r"_s));
        QVERIFY2(ws.waitClosed(5000), qPrintable(ws.failure()));
        QCOMPARE(ws.closeCode(), expected.mid(7).toInt());
        QCOMPARE(ws.take(u"ack"_s).size(), 0);
        return;
    }
    QVERIFY2(ws.waitHello(), qPrintable(ws.failure()));

    const QString ref = u"ref-%1"_s.arg(QString::fromUtf8(QTest::currentDataTag()));
    QJsonObject frame;
    if (frameType == u"send")
        frame = sendFrame(m_room, uniqueName(u"cid"_s), u"matrix send"_s, ref);
    else if (frameType == u"typing")
        frame = typingFrame(m_room, true, ref);
    else if (frameType == u"read" || frameType == u"delivered")
        frame = readFrame(frameType, m_room, 1, ref);
    else if (frameType == u"resume")
        frame = resumeFrame(QJsonObject{{m_room, 0}}, false, ref);
    else
        frame = QJsonObject{{u"type"_s, u"ping"_s}, {u"ref"_s, ref}};
    ws.send(frame);

    if (expected == u"ack" || expected == u"pong") {
        WS_WAIT(answer, ws, expected, withRef(ref));
        if (frameType == u"send")
            ++m_acceptedSends;
    } else if (expected.startsWith(u"error:"_s)) {
        WS_WAIT(answer, ws, u"error"_s, withRef(ref));
        WS_CHECK(checkErrorFrame(answer, expected.mid(6), ref));
    } else {
        WS_WAIT(resumed, ws, u"resumed"_s, withRef(ref));
        const bool seesRoom = expected == u"resumed+room";
        QCOMPARE(resumed[u"rooms"_s].toObject().contains(m_room), seesRoom);
        const QList<QJsonObject> messages = ws.take(u"message"_s, aboutRoom(m_room));
        QCOMPARE(messages.isEmpty(), !seesRoom);
        QCOMPARE(ws.take(u"room_removed"_s, aboutRoom(m_room)).size(), seesRoom ? 0 : 1);
    }
    QVERIFY(ws.barrier());
    WS_NONE(ws, u"error"_s, {}, 0);
}

void tst_WsAuthzMatrix::refusedFramesChangedNothing()
{
    const Session &member = session(Caller::CustomerMember);
    const QJsonArray history = fullHistory(m_api, member, m_room);
    RETURN_IF_FAILED();
    int matrixSends = 0;
    for (const QJsonValue &value : history) {
        const QJsonObject message = value.toObject();
        const QString sender = message[u"sender"_s][u"id"_s].toString();
        if (message[u"content"_s].toString() == u"matrix send")
            ++matrixSends;
        if (message[u"seq"_s].toInteger() > m_lastSeq && message[u"type"_s] != u"system"_s) {
            QVERIFY2(sender == member.id() || sender == session(Caller::StaffMember).id(),
                     qPrintable(u"stored a message of %1"_s.arg(sender)));
        }
        QVERIFY(message[u"content"_s].toString() != u"from a blocked account");
    }
    QCOMPARE(matrixSends, m_acceptedSends);
    QCOMPARE(m_acceptedSends, 2);
    // Non-members did not become members by sending frames.
    const QJsonObject room = fetchRoom(m_api, member, m_room);
    RETURN_IF_FAILED();
    QStringList memberIds;
    for (const QJsonValue &m : room[u"members"_s].toArray())
        memberIds.append(m[u"user"_s][u"id"_s].toString());
    for (const Caller outsider : {Caller::CustomerOther, Caller::StaffOther, Caller::AdminOther})
        QVERIFY(!memberIds.contains(session(outsider).id()));
}

QTEST_GUILESS_MAIN(tst_WsAuthzMatrix)
#include "tst_ws_authz_matrix.moc"
