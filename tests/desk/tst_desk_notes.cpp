// Private staff notes (docs/API.md "Support desk"): staff write and read them over REST and get
// `note` frames on /ws; a customer never sees one by any path: REST history, /ws frames, the
// compatibility endpoint, resume, unread counts and the room's last_message.
#include "WsTest.h"

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

QJsonObject noteBody(const QString &content)
{
    return {{u"content"_s, content}};
}

// Empty when no frame the client received mentions `secret` anywhere, else the offending frame.
QString checkNeverMentioned(const WsClient &client, const QString &secret)
{
    for (const QJsonObject &frame : client.received()) {
        const QString text = QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact));
        if (text.contains(secret))
            return u"%1 received a frame with the note: %2"_s.arg(client.name(), text);
    }
    return {};
}

} // namespace

class tst_DeskNotes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void whoMayUseNotes_data();
    void whoMayUseNotes();
    void invalidNotes_data();
    void invalidNotes();
    void staffReadAndReceiveNotes();
    void noteNeverReachesCustomer();

private:
    TestServer m_server;
    ApiClient m_api{&m_server};
    Session m_admin;
    Session m_sam;   // staff, member of m_room
    Session m_tom;   // staff, not a member
    Session m_alice; // the customer of m_room
    Session m_carol; // another customer
    QString m_room;
};

void tst_DeskNotes::initTestCase()
{
    const auto dumpLog = qScopeGuard([this] { m_server.dumpLogIfFailed(); });
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_admin = m_server.createUser(uniqueName(u"admin"_s), u"admin"_s);
    m_sam = m_server.createUser(uniqueName(u"sam"_s), u"staff"_s);
    m_tom = m_server.createUser(uniqueName(u"tom"_s), u"staff"_s);
    m_alice = m_api.registerUser(uniqueName(u"alice"_s));
    m_carol = m_api.registerUser(uniqueName(u"carol"_s));
    RETURN_IF_FAILED();
    m_room = openSupportRoom(m_api, m_alice, u"Notes"_s);
    RETURN_IF_FAILED();
    roomAction(m_api, m_sam, m_room, u"join"_s);
    RETURN_IF_FAILED();
}

void tst_DeskNotes::cleanup()
{
    m_server.dumpLogIfFailed();
}

void tst_DeskNotes::whoMayUseNotes_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<bool>("write");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::newRow("customer of the room reads") << u"alice"_s << false << 403 << u"forbidden"_s;
    QTest::newRow("customer of the room writes") << u"alice"_s << true << 403 << u"forbidden"_s;
    QTest::newRow("other customer reads") << u"carol"_s << false << 403 << u"forbidden"_s;
    QTest::newRow("other customer writes") << u"carol"_s << true << 403 << u"forbidden"_s;
    QTest::newRow("member staff reads") << u"sam"_s << false << 200 << QString();
    QTest::newRow("member staff writes") << u"sam"_s << true << 201 << QString();
    QTest::newRow("other staff reads") << u"tom"_s << false << 200 << QString();
    QTest::newRow("other staff writes") << u"tom"_s << true << 201 << QString();
    QTest::newRow("admin reads") << u"admin"_s << false << 200 << QString();
    QTest::newRow("admin writes") << u"admin"_s << true << 201 << QString();
}

void tst_DeskNotes::whoMayUseNotes()
{
    QFETCH(QString, who);
    QFETCH(bool, write);
    QFETCH(int, status);
    QFETCH(QString, code);
    const QHash<QString, Session> sessions{{u"alice"_s, m_alice},
                                           {u"carol"_s, m_carol},
                                           {u"sam"_s, m_sam},
                                           {u"tom"_s, m_tom},
                                           {u"admin"_s, m_admin}};
    const Session as = sessions.value(who);
    const Reply reply =
        write ? m_api.post(roomPath(m_room, u"notes"_s), noteBody(u"by %1"_s.arg(who)), as)
              : m_api.get(roomPath(m_room, u"notes"_s), as);
    if (code.isEmpty())
        EXPECT_STATUS(reply, status);
    else
        EXPECT_ERROR_FIELD(reply, status, code, QString());
    // Unauthenticated: 401 either way.
    EXPECT_ERROR(m_api.get(roomPath(m_room, u"notes"_s)), 401, "unauthorized");
}

void tst_DeskNotes::invalidNotes_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("field");
    QTest::newRow("no content") << QJsonObject() << u"content"_s;
    QTest::newRow("blank content") << noteBody(u"   "_s) << u"content"_s;
    QTest::newRow("content not a string") << QJsonObject{{u"content"_s, 5}} << u"content"_s;
}

void tst_DeskNotes::invalidNotes()
{
    QFETCH(QJsonObject, body);
    QFETCH(QString, field);
    EXPECT_ERROR_FIELD(m_api.post(roomPath(m_room, u"notes"_s), body, m_sam), 400,
                       u"validation_failed"_s, field);
    EXPECT_ERROR(
        m_api.post(roomPath(u"CHAT20260101NOSUCHRM"_s, u"notes"_s), noteBody(u"x"_s), m_sam), 404,
        "not_found");
    EXPECT_ERROR(m_api.get(roomPath(u"CHAT20260101NOSUCHRM"_s, u"notes"_s), m_sam), 404,
                 "not_found");
}

void tst_DeskNotes::staffReadAndReceiveNotes()
{
    auto sam = connectChat(m_server, m_sam, u"sam(/ws)"_s);
    RETURN_IF_FAILED();
    const QString content = u"staff read this %1"_s.arg(uniqueName(u"n"_s));
    const Reply created = m_api.post(roomPath(m_room, u"notes"_s), noteBody(content), m_tom);
    EXPECT_STATUS(created, 201);
    const QJsonObject note = created.obj();
    EXPECT_MATCH(note.value("id"_L1).toString(), kUuidPattern);
    EXPECT_MATCH(note.value("created_at"_L1).toString(), kTimePattern);
    QCOMPARE(note.value("room_id"_L1).toString(), m_room);
    QCOMPARE(note.value("content"_L1).toString(), content);
    WS_CHECK(checkUser(note.value("author"_L1), m_tom, "author"));

    // The staff member of the room gets it live.
    WS_WAIT(frame, *sam, u"note"_s, [&](const QJsonObject &f) {
        return f.value("note"_L1).toObject().value("id"_L1) == note.value("id"_L1);
    });
    QCOMPARE(frame.value("note"_L1).toObject(), note);

    // And in the list, oldest first, for any staff member.
    const QJsonArray listed = m_api.get(roomPath(m_room, u"notes"_s), m_sam).results();
    QVERIFY(!listed.isEmpty());
    QCOMPARE(listed.last().toObject(), note);
}

void tst_DeskNotes::noteNeverReachesCustomer()
{
    const parley::Message before = send(m_api, m_alice, m_room, u"customer asks"_s);
    RETURN_IF_FAILED();
    const QJsonObject roomBefore = fetchRoom(m_api, m_alice, m_room);
    RETURN_IF_FAILED();
    const QJsonValue unreadBefore =
        m_api.get(u"/api/chat/unread-count/"_s, m_alice).obj().value("total"_L1);

    auto aliceWs = connectChat(m_server, m_alice, u"alice(/ws)"_s);
    auto aliceCompat = connectCompat(m_server, m_alice, m_room, u"alice(compat)"_s);
    auto samWs = connectChat(m_server, m_sam, u"sam(/ws)"_s);
    RETURN_IF_FAILED();

    const QString secret = u"secret %1"_s.arg(uniqueName(u"note"_s));
    const Reply posted = m_api.post(roomPath(m_room, u"notes"_s), noteBody(secret), m_sam);
    EXPECT_STATUS(posted, 201);
    const QString noteId = posted.obj().value("id"_L1).toString();
    WS_WAIT(staffGot, *samWs, u"note"_s);

    // The message endpoints do not know a note's id, for anyone.
    EXPECT_ERROR(m_api.patch(messagePath(noteId), noteBody(u"x"_s), m_alice), 404, "not_found");
    EXPECT_ERROR(m_api.post(messagePath(noteId, u"report"_s), {{u"reason"_s, u"x"_s}}, m_alice),
                 404, "not_found");
    EXPECT_ERROR(m_api.del(messagePath(noteId), m_sam), 404, "not_found");

    // REST: the customer's view of the room is what it was (no seq, no last_message, no unread).
    const QJsonObject roomAfter = fetchRoom(m_api, m_alice, m_room);
    RETURN_IF_FAILED();
    QCOMPARE(roomAfter.value("last_seq"_L1), roomBefore.value("last_seq"_L1));
    QCOMPARE(roomAfter.value("unread_count"_L1), roomBefore.value("unread_count"_L1));
    QCOMPARE(roomAfter.value("last_message"_L1).toObject().value("id"_L1).toString(), before.id);
    QCOMPARE(m_api.get(u"/api/chat/unread-count/"_s, m_alice).obj().value("total"_L1),
             unreadBefore);
    // Staff see the same room the same way: a note is not a message for anyone.
    QCOMPARE(fetchRoom(m_api, m_sam, m_room).value("last_seq"_L1), roomBefore.value("last_seq"_L1));
    const QJsonArray history = fullHistory(m_api, m_alice, m_room);
    RETURN_IF_FAILED();
    QVERIFY(!QString::fromUtf8(QJsonDocument(history).toJson()).contains(secret));
    EXPECT_ERROR(m_api.get(roomPath(m_room, u"notes"_s), m_alice), 403, "forbidden");

    // A message after the note reaches the customer's sockets: everything written before it has
    // arrived, and none of it was the note.
    const parley::Message after = send(m_api, m_sam, m_room, u"staff answers"_s);
    RETURN_IF_FAILED();
    QCOMPARE(after.seq, before.seq + 1); // no gap where the note was written
    WS_WAIT(live, *aliceWs, u"message"_s, messageId(after.id));
    WS_WAIT(compatLive, *aliceCompat, u"chat_message"_s,
            [&](const QJsonObject &f) { return f.value("id"_L1).toString() == after.id; });
    WS_NONE(*aliceWs, u"note"_s);
    PARLEY_CHECK(checkNeverMentioned(*aliceWs, secret));
    PARLEY_CHECK(checkNeverMentioned(*aliceCompat, secret));

    // Resume from before the customer's message: the messages, never the note.
    aliceWs->clearPending();
    aliceWs->send(resumeFrame({{m_room, before.seq - 1}}, false, u"r1"_s));
    WS_WAIT(resumed, *aliceWs, u"resumed"_s, withRef(u"r1"_s));
    QCOMPARE(aliceWs->take(u"message"_s, aboutRoom(m_room)).size(), 2);
    PARLEY_CHECK(checkNeverMentioned(*aliceWs, secret));
}

QTEST_GUILESS_MAIN(tst_DeskNotes)
#include "tst_desk_notes.moc"
