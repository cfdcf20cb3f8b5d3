// Messages over /ws (PROTOCOL.md "WebSocket: GET /ws", `send`): ack to the sending connection,
// `message` to every other connection of every member and to nobody else, idempotent resends,
// REST sends / edits / deletes reaching sockets, search finding what was sent at once, and the
// errors of sends that may not happen.
#include "SqliteFile.h"
#include "WsTest.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

QString idOf(const QJsonObject &frame)
{
    return frame.value("message"_L1).toObject().value("id"_L1).toString();
}

// SQLite: the messages whose search indexing still waits, -1 when unknown.
int waitingToBeIndexed(const QString &dataDir)
{
    int count = -1;
    const QString opening = onSqliteFile(dataDir + u"/parley.db"_s, [&](QSqlDatabase &db) {
        QSqlQuery query(db);
        if (query.exec(u"SELECT COUNT(*) FROM messages_fts_pending"_s) && query.next())
            count = query.value(0).toInt();
    });
    return opening.isEmpty() ? count : -1;
}

} // namespace

class tst_WsMessaging : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void sendAcksSenderAndFansOut();
    void sendExtrasAndOrder();
    void restSendReachesEveryConnection();
    void otherRoomsStayPrivate();
    void idempotentResendSameConnection();
    void idempotentResendAfterReconnect();
    void clientIdIsPerSender();
    void editAndDeleteViaRest();
    void sentMessagesAreSearchableAtOnce();
    void closedRoomAnswersRoomClosed();
    void sendsArrivingTogetherAreEachAnswered();
    void nonMembersCannotSend();
    void idempotentResendAfterRestart();

private:
    void openAll();
    // Every socket of members (all but `except`) gets `message` with this id, checked equal to
    // `message`; non-members get nothing.
    void expectFanOut(const QJsonObject &message, const QList<WsClient *> &receivers,
                      const QList<WsClient *> &silent);
    QList<WsClient *> all() const;

    TestServer m_server;
    ApiClient m_api{&m_server};
    Session m_alice;
    Session m_bob;
    Session m_carol; // a customer outside m_room
    Session m_staff; // staff, not a member of m_room
    QString m_room;  // alice + bob
    QString m_side;  // alice + carol
    std::unique_ptr<WsClient> m_a1, m_a2, m_b1, m_b2, m_c1, m_s1;
};

void tst_WsMessaging::initTestCase()
{
    const auto dumpLog = qScopeGuard([this] { m_server.dumpLogIfFailed(); });
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_staff = m_server.createUser(uniqueName(u"staff"_s), u"staff"_s);
    m_alice = m_api.registerUser(uniqueName(u"alice"_s), QString::fromLatin1(kDefaultPassword),
                                 u"Alice A."_s);
    m_bob = m_api.registerUser(uniqueName(u"bob"_s));
    m_carol = m_api.registerUser(uniqueName(u"carol"_s));
    RETURN_IF_FAILED();
    m_room = openGroupRoom(m_api, m_alice, {m_bob}, u"messaging"_s);
    m_side = openGroupRoom(m_api, m_alice, {m_carol}, u"side"_s);
}

void tst_WsMessaging::openAll()
{
    m_a1 = connectChat(m_server, m_alice, u"alice#1"_s);
    m_a2 = connectChat(m_server, m_alice, u"alice#2"_s);
    m_b1 = connectChat(m_server, m_bob, u"bob#1"_s);
    m_b2 = connectChat(m_server, m_bob, u"bob#2"_s);
    m_c1 = connectChat(m_server, m_carol, u"carol"_s);
    m_s1 = connectChat(m_server, m_staff, u"staff"_s);
}

void tst_WsMessaging::init()
{
    openAll();
}

void tst_WsMessaging::cleanup()
{
    m_server.dumpLogIfFailed();
    m_a1.reset();
    m_a2.reset();
    m_b1.reset();
    m_b2.reset();
    m_c1.reset();
    m_s1.reset();
}

QList<WsClient *> tst_WsMessaging::all() const
{
    return {m_a1.get(), m_a2.get(), m_b1.get(), m_b2.get(), m_c1.get(), m_s1.get()};
}

void tst_WsMessaging::expectFanOut(const QJsonObject &message, const QList<WsClient *> &receivers,
                                   const QList<WsClient *> &silent)
{
    const QString id = message.value("id"_L1).toString();
    for (WsClient *client : receivers) {
        WS_WAIT(frame, *client, u"message"_s, messageId(id));
        WS_CHECK(checkType(frame, u"message"_s));
        QCOMPARE(frame.value("message"_L1).toObject(), message);
    }
    for (WsClient *client : receivers)
        WS_NONE(*client, u"message"_s, messageId(id));
    for (WsClient *client : silent)
        WS_NONE(*client, u"message"_s, messageId(id));
}

void tst_WsMessaging::sendAcksSenderAndFansOut()
{
    RETURN_IF_FAILED();
    m_a1->send(sendFrame(m_room, u"fan-1"_s, u"Hello everyone"_s, u"s-1"_s));
    WS_WAIT(ack, *m_a1, u"ack"_s);
    WS_CHECK(checkType(ack, u"ack"_s, u"s-1"_s));
    QCOMPARE(ack.value("client_id"_L1).toString(), u"fan-1"_s);
    const QJsonObject message = ack.value("message"_L1).toObject();
    WS_CHECK(checkMessage(message, "ack.message"));
    QCOMPARE(message.value("room_id"_L1).toString(), m_room);
    QCOMPARE(message.value("client_id"_L1).toString(), u"fan-1"_s);
    QCOMPARE(message.value("type"_L1).toString(), u"text"_s);
    QCOMPARE(message.value("content"_L1).toString(), u"Hello everyone"_s);
    QCOMPARE(message.value("deleted"_L1), QJsonValue(false));
    WS_CHECK(checkUser(message.value("sender"_L1), m_alice, "message.sender"));

    // The sending connection gets the ack and no `message`; every other connection of every
    // member gets `message` (alice's other one included); carol and staff get nothing.
    WS_NONE(*m_a1, u"message"_s, messageId(idOf(ack)));
    WS_NONE(*m_a1, u"ack"_s);
    expectFanOut(message, {m_a2.get(), m_b1.get(), m_b2.get()}, {m_c1.get(), m_s1.get()});
    RETURN_IF_FAILED();
    for (WsClient *client : {m_a2.get(), m_b1.get(), m_b2.get(), m_c1.get(), m_s1.get()})
        WS_NONE(*client, u"ack"_s);

    // It is an ordinary message: REST history has exactly it.
    const QJsonArray history = fullHistory(m_api, m_bob, m_room);
    RETURN_IF_FAILED();
    QCOMPARE(findById(history, message.value("id"_L1).toString()), message);
    QCOMPARE(fetchRoom(m_api, m_bob, m_room).value("last_seq"_L1).toInteger(),
             message.value("seq"_L1).toInteger());
}

void tst_WsMessaging::sendExtrasAndOrder()
{
    RETURN_IF_FAILED();
    // reply_to and a location with metadata come through as sent.
    m_b1->send(sendFrame(m_room, u"x-target"_s, u"target"_s, u"x-1"_s));
    WS_WAIT(targetAck, *m_b1, u"ack"_s, withRef(u"x-1"_s));
    const QString targetId = idOf(targetAck);
    m_b1->send(
        sendFrame(m_room, u"x-reply"_s, u"a reply"_s, u"x-2"_s, {{u"reply_to"_s, targetId}}));
    WS_WAIT(replyAck, *m_b1, u"ack"_s, withRef(u"x-2"_s));
    QCOMPARE(replyAck.value("message"_L1).toObject().value("reply_to"_L1).toString(), targetId);
    m_b1->send(sendFrame(m_room, u"x-loc"_s, u"we are here"_s, u"x-3"_s,
                         {{u"message_type"_s, u"location"_s},
                          {u"metadata"_s, QJsonObject{{u"lat"_s, 48.85}, {u"lng"_s, 2.35}}}}));
    WS_WAIT(locationAck, *m_b1, u"ack"_s, withRef(u"x-3"_s));
    const QJsonObject location = locationAck.value("message"_L1).toObject();
    QCOMPARE(location.value("type"_L1).toString(), u"location"_s);
    QCOMPARE(location.value("metadata"_L1).toObject().value("lat"_L1).toDouble(), 48.85);
    WS_WAIT(locationOnA1, *m_a1, u"message"_s, messageId(idOf(locationAck)));
    QCOMPARE(locationOnA1.value("message"_L1).toObject(), location);

    // A burst from two senders: acks in order, and every connection sees all messages once, in
    // seq order, with seqs gap-free.
    for (WsClient *client : {m_a1.get(), m_a2.get(), m_b2.get()}) {
        QVERIFY(client->barrier());
        client->clearPending();
    }
    for (int i = 0; i < 15; ++i) {
        m_a1->send(sendFrame(m_room, u"burst-a-%1"_s.arg(i), u"a%1"_s.arg(i), u"ba-%1"_s.arg(i)));
        m_b1->send(sendFrame(m_room, u"burst-b-%1"_s.arg(i), u"b%1"_s.arg(i), u"bb-%1"_s.arg(i)));
    }
    const QList<QJsonObject> acksA = m_a1->waitForCount(u"ack"_s, 15);
    QVERIFY2(acksA.size() == 15, qPrintable(m_a1->failure()));
    const QList<QJsonObject> acksB = m_b1->waitForCount(u"ack"_s, 15, [](const QJsonObject &f) {
        return f.value("ref"_L1).toString().startsWith(u"bb-"_s);
    });
    QVERIFY2(acksB.size() == 15, qPrintable(m_b1->failure()));
    for (int i = 0; i < 15; ++i) {
        QCOMPARE(acksA.at(i).value("ref"_L1).toString(), u"ba-%1"_s.arg(i));
        QCOMPARE(acksB.at(i).value("ref"_L1).toString(), u"bb-%1"_s.arg(i));
    }
    const QList<QJsonObject> onA2 = m_a2->waitForCount(u"message"_s, 30, aboutRoom(m_room));
    QVERIFY2(onA2.size() == 30, qPrintable(m_a2->failure()));
    const QList<QJsonObject> onB2 = m_b2->waitForCount(u"message"_s, 30, aboutRoom(m_room));
    QVERIFY2(onB2.size() == 30, qPrintable(m_b2->failure()));
    const qint64 first = onA2.first().value("message"_L1).toObject().value("seq"_L1).toInteger();
    for (int i = 0; i < 30; ++i) {
        QCOMPARE(onA2.at(i).value("message"_L1).toObject().value("seq"_L1).toInteger(), first + i);
        QCOMPARE(onB2.at(i).value("message"_L1).toObject(),
                 onA2.at(i).value("message"_L1).toObject());
    }
    // A1 got only bob's 15 (its own came as acks), in order.
    const QList<QJsonObject> onA1 = m_a1->waitForCount(u"message"_s, 15, aboutRoom(m_room));
    QVERIFY2(onA1.size() == 15, qPrintable(m_a1->failure()));
    for (const QJsonObject &frame : onA1)
        QVERIFY2(
            frame.value("message"_L1).toObject().value("content"_L1).toString().startsWith(u'b'),
            qPrintable(jsonText(frame)));
    WS_NONE(*m_a1, u"message"_s, aboutRoom(m_room));
    WS_NONE(*m_a2, u"message"_s, aboutRoom(m_room));
}

void tst_WsMessaging::restSendReachesEveryConnection()
{
    RETURN_IF_FAILED();
    const QJsonObject message = sendJson(
        m_api, m_bob, m_room,
        {{u"type"_s, u"text"_s}, {u"content"_s, u"via REST"_s}, {u"client_id"_s, u"rest-1"_s}});
    RETURN_IF_FAILED();
    // No socket sent it: all four connections of the members get it, the sender's too.
    expectFanOut(message, {m_a1.get(), m_a2.get(), m_b1.get(), m_b2.get()},
                 {m_c1.get(), m_s1.get()});
    RETURN_IF_FAILED();
    for (WsClient *client : all())
        WS_NONE(*client, u"ack"_s);
}

void tst_WsMessaging::otherRoomsStayPrivate()
{
    RETURN_IF_FAILED();
    m_c1->send(sendFrame(m_side, u"side-1"_s, u"just us"_s, u"side"_s));
    WS_WAIT(ack, *m_c1, u"ack"_s, withRef(u"side"_s));
    const QJsonObject message = ack.value("message"_L1).toObject();
    QCOMPARE(message.value("room_id"_L1).toString(), m_side);
    expectFanOut(message, {m_a1.get(), m_a2.get()}, {m_b1.get(), m_b2.get(), m_s1.get()});
}

void tst_WsMessaging::idempotentResendSameConnection()
{
    RETURN_IF_FAILED();
    m_a1->send(sendFrame(m_room, u"idem-1"_s, u"only once"_s, u"i-1"_s));
    WS_WAIT(first, *m_a1, u"ack"_s, withRef(u"i-1"_s));
    for (WsClient *client : {m_a2.get(), m_b1.get(), m_b2.get()}) {
        WS_WAIT(original, *client, u"message"_s, messageId(idOf(first)));
    }
    const QJsonArray before = fullHistory(m_api, m_alice, m_room);
    RETURN_IF_FAILED();

    // The same client_id again (even with other content): the same ack, nothing stored or sent.
    m_a1->send(sendFrame(m_room, u"idem-1"_s, u"only once"_s, u"i-2"_s));
    m_a1->send(sendFrame(m_room, u"idem-1"_s, u"different words"_s, u"i-3"_s));
    WS_WAIT(second, *m_a1, u"ack"_s, withRef(u"i-2"_s));
    WS_WAIT(third, *m_a1, u"ack"_s, withRef(u"i-3"_s));
    for (const QJsonObject &repeat : {second, third}) {
        QCOMPARE(repeat.value("client_id"_L1).toString(), u"idem-1"_s);
        QCOMPARE(repeat.value("message"_L1).toObject(), first.value("message"_L1).toObject());
    }
    for (WsClient *client : all())
        WS_NONE(*client, u"message"_s, aboutRoom(m_room));
    QCOMPARE(fullHistory(m_api, m_alice, m_room), before);
}

void tst_WsMessaging::idempotentResendAfterReconnect()
{
    RETURN_IF_FAILED();
    m_a1->send(sendFrame(m_room, u"idem-2"_s, u"survives reconnects"_s, u"r-1"_s));
    WS_WAIT(first, *m_a1, u"ack"_s, withRef(u"r-1"_s));
    for (WsClient *client : {m_a2.get(), m_b1.get(), m_b2.get()}) {
        WS_WAIT(original, *client, u"message"_s, messageId(idOf(first)));
    }
    const QJsonArray before = fullHistory(m_api, m_alice, m_room);
    RETURN_IF_FAILED();

    m_a1->close();
    QVERIFY(m_a1->waitClosed());
    m_a1 = connectChat(m_server, m_alice, u"alice#1(again)"_s);
    RETURN_IF_FAILED();
    m_a1->send(sendFrame(m_room, u"idem-2"_s, u"survives reconnects"_s, u"r-2"_s));
    WS_WAIT(again, *m_a1, u"ack"_s, withRef(u"r-2"_s));
    QCOMPARE(again.value("message"_L1).toObject(), first.value("message"_L1).toObject());
    for (WsClient *client : all())
        WS_NONE(*client, u"message"_s, aboutRoom(m_room));
    QCOMPARE(fullHistory(m_api, m_alice, m_room), before);

    // A REST resend of a socket's client_id is the same message too.
    const Reply rest = m_api.post(roomPath(m_room, u"messages"_s),
                                  {{u"type"_s, u"text"_s},
                                   {u"content"_s, u"survives reconnects"_s},
                                   {u"client_id"_s, u"idem-2"_s}},
                                  m_alice);
    EXPECT_STATUS(rest, 200);
    QCOMPARE(rest.obj(), first.value("message"_L1).toObject());
    for (WsClient *client : all())
        WS_NONE(*client, u"message"_s, aboutRoom(m_room));
}

void tst_WsMessaging::clientIdIsPerSender()
{
    RETURN_IF_FAILED();
    // Idempotency is on (sender, client_id): the same client_id from two users is two messages.
    // Without a ref, the ack carries none.
    m_a1->send(sendFrame(m_room, u"shared-id"_s, u"from alice"_s));
    WS_WAIT(fromAlice, *m_a1, u"ack"_s);
    WS_CHECK(checkType(fromAlice, u"ack"_s));
    m_b1->send(sendFrame(m_room, u"shared-id"_s, u"from bob"_s));
    WS_WAIT(fromBob, *m_b1, u"ack"_s);
    WS_CHECK(checkType(fromBob, u"ack"_s));
    QVERIFY(idOf(fromAlice) != idOf(fromBob));
    QCOMPARE(fromBob.value("message"_L1).toObject().value("content"_L1).toString(), u"from bob"_s);
    WS_CHECK(checkUser(fromBob.value("message"_L1).toObject().value("sender"_L1), m_bob,
                       "message.sender"));
    WS_WAIT(onA2, *m_a2, u"message"_s, messageId(idOf(fromBob)));
    WS_WAIT(onB2, *m_b2, u"message"_s, messageId(idOf(fromAlice)));
}

// A group commit of sends is indexed for search just after its acks and copies are out (SQLite;
// PostgreSQL indexes in the transaction): a search right after the acks finds the messages, an
// edit or a deletion right after changes what it finds, and nothing is left unindexed.
void tst_WsMessaging::sentMessagesAreSearchableAtOnce()
{
    RETURN_IF_FAILED();
    const QString word = uniqueName(u"quokka"_s).remove(u'_');
    QStringList contents;
    QStringList ids;
    for (int i = 0; i < 4; ++i) {
        WsClient &client = i % 2 ? *m_b1 : *m_a1;
        const QString ref = u"search-%1"_s.arg(i);
        contents << u"%1 number %2"_s.arg(word).arg(i);
        client.send(sendFrame(m_room, word + ref, contents.last(), ref));
        WS_WAIT(ack, client, u"ack"_s, withRef(ref));
        ids << idOf(ack);
    }
    const auto sorted = [](QStringList list) {
        list.sort();
        return list;
    };
    QCOMPARE(sorted(searchContents(m_api, m_bob, word)), contents);

    m_a1->send(sendFrame(m_room, word + u"-edited"_s, word + u" first draft"_s, u"to-edit"_s));
    WS_WAIT(toEdit, *m_a1, u"ack"_s, withRef(u"to-edit"_s));
    EXPECT_STATUS(m_api.patch(messagePath(idOf(toEdit)), {{u"content"_s, u"wombat"_s}}, m_alice),
                  200);
    EXPECT_STATUS(m_api.del(messagePath(ids.at(0)), m_alice), 200);
    QCOMPARE(sorted(searchContents(m_api, m_alice, word)), contents.mid(1));
    QCOMPARE(searchContents(m_api, m_alice, u"wombat"_s), QStringList{u"wombat"_s});

    m_b1->send(sendFrame(m_room, word + u"-last"_s, word + u" unsearched"_s, u"last"_s));
    WS_WAIT(last, *m_b1, u"ack"_s, withRef(u"last"_s));
    if (!m_server.usesPostgres()) // indexed without a search asking for it
        QTRY_COMPARE_WITH_TIMEOUT(waitingToBeIndexed(m_server.dataDir()), 0, 5000);
}

void tst_WsMessaging::editAndDeleteViaRest()
{
    RETURN_IF_FAILED();
    const QJsonObject original =
        sendJson(m_api, m_alice, m_room, {{u"type"_s, u"text"_s}, {u"content"_s, u"typo"_s}});
    RETURN_IF_FAILED();
    for (WsClient *client : {m_a1.get(), m_a2.get(), m_b1.get(), m_b2.get()}) {
        WS_WAIT(created, *client, u"message"_s, messageId(original.value("id"_L1).toString()));
    }
    const QString id = original.value("id"_L1).toString();

    const Reply edited = m_api.patch(messagePath(id), {{u"content"_s, u"fixed"_s}}, m_alice);
    EXPECT_STATUS(edited, 200);
    for (WsClient *client : {m_a1.get(), m_a2.get(), m_b1.get(), m_b2.get()}) {
        WS_WAIT(updated, *client, u"message_updated"_s, messageId(id));
        WS_CHECK(checkType(updated, u"message_updated"_s));
        const QJsonObject message = updated.value("message"_L1).toObject();
        WS_CHECK(checkMessage(message, "message_updated.message"));
        QCOMPARE(message, edited.obj());
        QCOMPARE(message.value("content"_L1).toString(), u"fixed"_s);
        EXPECT_MATCH(message.value("edited_at"_L1).toString(), kTimePattern);
        QCOMPARE(message.value("seq"_L1), original.value("seq"_L1));
    }
    for (WsClient *client : {m_c1.get(), m_s1.get()})
        WS_NONE(*client, u"message_updated"_s);

    // The sender deletes it; then staff delete another one (staff may, without membership).
    const Reply deleted = m_api.del(messagePath(id), m_alice);
    EXPECT_STATUS(deleted, 200);
    for (WsClient *client : {m_a1.get(), m_a2.get(), m_b1.get(), m_b2.get()}) {
        WS_WAIT(gone, *client, u"message_deleted"_s, messageId(id));
        WS_CHECK(checkType(gone, u"message_deleted"_s));
        const QJsonObject message = gone.value("message"_L1).toObject();
        QCOMPARE(message, deleted.obj());
        QCOMPARE(message.value("deleted"_L1), QJsonValue(true));
        QCOMPARE(message.value("content"_L1).toString(), QString());
        QCOMPARE(message.value("id"_L1).toString(), id);
        QCOMPARE(message.value("seq"_L1), original.value("seq"_L1));
    }
    for (WsClient *client : {m_c1.get(), m_s1.get()})
        WS_NONE(*client, u"message_deleted"_s);

    const QJsonObject second =
        sendJson(m_api, m_bob, m_room, {{u"type"_s, u"text"_s}, {u"content"_s, u"spam"_s}});
    RETURN_IF_FAILED();
    EXPECT_STATUS(m_api.del(messagePath(second.value("id"_L1).toString()), m_staff), 200);
    for (WsClient *client : {m_a1.get(), m_a2.get(), m_b1.get(), m_b2.get()}) {
        WS_WAIT(gone, *client, u"message_deleted"_s, messageId(second.value("id"_L1).toString()));
    }
    // Neither an edit nor a delete is a new message.
    for (WsClient *client : all())
        WS_NONE(*client, u"message"_s, messageId(id));
}

void tst_WsMessaging::closedRoomAnswersRoomClosed()
{
    RETURN_IF_FAILED();
    const QString room = openGroupRoom(m_api, m_alice, {m_bob}, u"to close"_s);
    RETURN_IF_FAILED();
    roomAction(m_api, m_bob, room, u"close"_s);
    RETURN_IF_FAILED();
    const qint64 lastSeq = fetchRoom(m_api, m_alice, room).value("last_seq"_L1).toInteger();
    m_a1->send(sendFrame(room, u"closed-1"_s, u"anyone?"_s, u"c-1"_s));
    WS_WAIT(error, *m_a1, u"error"_s, withRef(u"c-1"_s));
    WS_CHECK(checkErrorFrame(error, u"room_closed"_s, u"c-1"_s));
    WS_NONE(*m_a1, u"ack"_s);
    for (WsClient *client : all())
        WS_NONE(*client, u"message"_s, [&](const QJsonObject &f) {
            return roomOf(f) == room &&
                   f.value("message"_L1).toObject().value("seq"_L1).toInteger() > lastSeq;
        });
    QVERIFY(m_a1->isOpen());
    QCOMPARE(fetchRoom(m_api, m_alice, room).value("last_seq"_L1).toInteger(), lastSeq);
}

// Sends that arrive together share one group commit (on SQLite written together: one room
// update, multi-row inserts): each is still answered as if it came alone, in the order sent. One
// write of ten sends: six new messages, three repeats of one of them (other words too), a repeat
// of a message stored before, and one to a closed room.
void tst_WsMessaging::sendsArrivingTogetherAreEachAnswered()
{
    RETURN_IF_FAILED();
    const QString closed = openGroupRoom(m_api, m_alice, {m_bob}, u"closed before the burst"_s);
    RETURN_IF_FAILED();
    roomAction(m_api, m_bob, closed, u"close"_s);
    m_a1->send(sendFrame(m_room, u"burst-0"_s, u"stored before"_s, u"b-0"_s));
    WS_WAIT(earlier, *m_a1, u"ack"_s, withRef(u"b-0"_s));
    expectFanOut(earlier.value("message"_L1).toObject(), {m_a2.get(), m_b1.get(), m_b2.get()},
                 {m_c1.get(), m_s1.get()});
    RETURN_IF_FAILED();
    const qint64 lastSeq = fetchRoom(m_api, m_alice, m_room).value("last_seq"_L1).toInteger();
    const qint64 closedSeq = fetchRoom(m_api, m_alice, closed).value("last_seq"_L1).toInteger();
    const double commitsBefore = metricValue(m_api, u"parley_db_commit_duration_seconds_count"_s);
    const double sendsBefore = metricValue(m_api, u"parley_db_commit_sends_total"_s);

    struct Sent
    {
        QString clientId, content, ref, room;
    };
    const QList<Sent> burst{
        {u"burst-1"_s, u"one"_s, u"b-1"_s, m_room},
        {u"burst-2"_s, u"two"_s, u"b-2"_s, m_room},
        {u"burst-1"_s, u"one again"_s, u"b-3"_s, m_room},
        {u"burst-3"_s, u"three"_s, u"b-4"_s, m_room},
        {u"burst-0"_s, u"stored before, again"_s, u"b-5"_s, m_room},
        {u"burst-4"_s, u"to the closed room"_s, u"b-6"_s, closed},
        {u"burst-5"_s, u"five"_s, u"b-7"_s, m_room},
        {u"burst-1"_s, u"one, a third time"_s, u"b-8"_s, m_room},
        {u"burst-6"_s, u"six"_s, u"b-9"_s, m_room},
        {u"burst-7"_s, u"seven"_s, u"b-10"_s, m_room},
    };
    for (const Sent &sent : burst) // queued: the socket writes them together
        m_a1->send(sendFrame(sent.room, sent.clientId, sent.content, sent.ref));

    QHash<QString, QJsonObject> acked; // ref -> the ack's message
    for (const Sent &sent : burst) {
        if (sent.room == closed) {
            WS_WAIT(refused, *m_a1, u"error"_s, withRef(sent.ref));
            WS_CHECK(checkErrorFrame(refused, u"room_closed"_s, sent.ref));
            continue;
        }
        WS_WAIT(ack, *m_a1, u"ack"_s, withRef(sent.ref));
        QCOMPARE(ack.value("client_id"_L1).toString(), sent.clientId);
        acked.insert(sent.ref, ack.value("message"_L1).toObject());
    }
    // The new ones took the room's next seqs in the order sent; repeats answer with the first.
    const QStringList fresh{u"b-1"_s, u"b-2"_s, u"b-4"_s, u"b-7"_s, u"b-9"_s, u"b-10"_s};
    const QStringList contents{u"one"_s, u"two"_s, u"three"_s, u"five"_s, u"six"_s, u"seven"_s};
    for (qsizetype i = 0; i < fresh.size(); ++i) {
        const QJsonObject message = acked.value(fresh.at(i));
        QCOMPARE(message.value("seq"_L1).toInteger(), lastSeq + 1 + i);
        QCOMPARE(message.value("content"_L1).toString(), contents.at(i));
        WS_CHECK(checkUser(message.value("sender"_L1), m_alice, "message.sender"));
    }
    QCOMPARE(acked.value(u"b-3"_s), acked.value(u"b-1"_s));
    QCOMPARE(acked.value(u"b-8"_s), acked.value(u"b-1"_s));
    QCOMPARE(acked.value(u"b-5"_s), earlier.value("message"_L1).toObject());

    // Every other connection of the members gets each new message once, nothing else.
    for (const QString &ref : fresh)
        expectFanOut(acked.value(ref), {m_a2.get(), m_b1.get(), m_b2.get()},
                     {m_c1.get(), m_s1.get()});
    for (WsClient *client : all())
        WS_NONE(*client, u"message"_s, [&](const QJsonObject &f) {
            return roomOf(f) == closed &&
                   f.value("message"_L1).toObject().value("seq"_L1).toInteger() > closedSeq;
        });

    // Stored as answered: six messages, gap-free, the sender's own read, the closed room as it was.
    const QJsonObject room = fetchRoom(m_api, m_alice, m_room);
    QCOMPARE(room.value("last_seq"_L1).toInteger(), lastSeq + fresh.size());
    QCOMPARE(room.value("unread_count"_L1).toInteger(), 0);
    const QJsonArray stored =
        fetchHistory(m_api, m_alice, m_room, u"after=%1&limit=50"_s.arg(lastSeq));
    QCOMPARE(stored.size(), fresh.size());
    for (qsizetype i = 0; i < fresh.size(); ++i)
        QCOMPARE(stored.at(i).toObject(), acked.value(fresh.at(i)));
    QCOMPARE(fetchRoom(m_api, m_alice, closed).value("last_seq"_L1).toInteger(), closedSeq);

    // They came in one write: fewer group commits than sends (each commit counts its sends).
    const double sends = metricValue(m_api, u"parley_db_commit_sends_total"_s) - sendsBefore;
    const double commits =
        metricValue(m_api, u"parley_db_commit_duration_seconds_count"_s) - commitsBefore;
    QCOMPARE(sends, double(burst.size()));
    QVERIFY2(commits >= 1 && commits < sends, qPrintable(u"%1 commits"_s.arg(commits)));
}

void tst_WsMessaging::nonMembersCannotSend()
{
    RETURN_IF_FAILED();
    const qint64 lastSeq = fetchRoom(m_api, m_alice, m_room).value("last_seq"_L1).toInteger();
    // Staff can see the room but must join to send: forbidden.
    m_s1->send(sendFrame(m_room, u"staff-1"_s, u"hello from staff"_s, u"st-1"_s));
    WS_WAIT(forbidden, *m_s1, u"error"_s, withRef(u"st-1"_s));
    WS_CHECK(checkErrorFrame(forbidden, u"forbidden"_s, u"st-1"_s));
    // A customer outside the room may not know it exists: not_found.
    m_c1->send(sendFrame(m_room, u"carol-1"_s, u"let me in"_s, u"ca-1"_s));
    WS_WAIT(notFound, *m_c1, u"error"_s, withRef(u"ca-1"_s));
    WS_CHECK(checkErrorFrame(notFound, u"not_found"_s, u"ca-1"_s));
    for (WsClient *client : all()) {
        WS_NONE(*client, u"message"_s, aboutRoom(m_room));
        WS_NONE(*client, u"ack"_s);
    }
    QCOMPARE(fetchRoom(m_api, m_alice, m_room).value("last_seq"_L1).toInteger(), lastSeq);
    QVERIFY(m_s1->isOpen() && m_c1->isOpen());
}

void tst_WsMessaging::idempotentResendAfterRestart()
{
    RETURN_IF_FAILED();
    m_b1->send(sendFrame(m_room, u"idem-3"_s, u"survives restarts"_s, u"rs-1"_s));
    WS_WAIT(first, *m_b1, u"ack"_s, withRef(u"rs-1"_s));
    const QJsonArray before = fullHistory(m_api, m_alice, m_room);
    RETURN_IF_FAILED();

    QVERIFY2(m_server.restart(), qPrintable(m_server.errorString()));
    // Every socket was dropped with the old process.
    for (WsClient *client : all())
        QVERIFY2(client->waitClosed(5000), qPrintable(client->failure()));
    openAll();
    RETURN_IF_FAILED();
    m_b1->send(sendFrame(m_room, u"idem-3"_s, u"survives restarts"_s, u"rs-2"_s));
    WS_WAIT(again, *m_b1, u"ack"_s, withRef(u"rs-2"_s));
    QCOMPARE(again.value("client_id"_L1).toString(), u"idem-3"_s);
    QCOMPARE(again.value("message"_L1).toObject(), first.value("message"_L1).toObject());
    for (WsClient *client : all())
        WS_NONE(*client, u"message"_s, aboutRoom(m_room));
    QCOMPARE(fullHistory(m_api, m_alice, m_room), before);
}

QTEST_GUILESS_MAIN(tst_WsMessaging)
#include "tst_ws_messaging.moc"
