// Catching up and room events over /ws (PROTOCOL.md "WebSocket: GET /ws": resume; room_added,
// room_removed, member_joined, member_left, room_updated, queue_updated).
#include "WsTest.h"

#include <QSet>

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

qint64 seqOf(const QJsonObject &frame)
{
    return frame.value("message"_L1).toObject().value("seq"_L1).toInteger();
}

QString roomIdOf(const QJsonObject &frame)
{
    return frame.value("room"_L1).toObject().value("id"_L1).toString();
}

FramePredicate roomIs(const QString &roomId)
{
    return [roomId](const QJsonObject &f) { return roomIdOf(f) == roomId; };
}

// The frames of `client` received so far, from the one after `from`.
QList<QJsonObject> framesAfter(const WsClient &client, qsizetype from)
{
    const QList<QJsonObject> all = client.received();
    return all.mid(from);
}

QString memberIds(const QJsonObject &room)
{
    QStringList ids;
    for (const QJsonValue &member : room.value("members"_L1).toArray())
        ids << member.toObject().value("user"_L1).toObject().value("id"_L1).toString();
    ids.sort();
    return ids.join(u',');
}

QString sortedIds(QStringList ids)
{
    ids.sort();
    return ids.join(u',');
}

} // namespace

class tst_WsResumeQueue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void resumeDeliversMissedMessagesOnce();
    void resumeStopsAt500PerRoom();
    void resumeUnnamedRoomsAndFull();
    void queueUpdatesForStaff();
    void membershipEvents();
    void queueFollowsRoleChanges();

private:
    Session customer(const char *prefix);
    // What the connection receives in answer to `resume`: the frames up to and including
    // `resumed` (with this ref). Empty on failure (the test has failed).
    QList<QJsonObject> resume(WsClient &client, const QJsonObject &frame, int timeoutMs = 10000);
    void sendMany(const Session &as, const QString &roomId, int count, const QString &tag);

    TestServer m_server;
    ApiClient m_api{&m_server};
    Session m_sam; // staff
    Session m_tom; // staff
    Session m_bob;
    Session m_admin;
};

void tst_WsResumeQueue::initTestCase()
{
    const auto dumpLog = qScopeGuard([this] { m_server.dumpLogIfFailed(); });
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_sam = m_server.createUser(uniqueName(u"sam"_s), u"staff"_s);
    m_tom = m_server.createUser(uniqueName(u"tom"_s), u"staff"_s);
    m_admin = m_server.createUser(uniqueName(u"admin"_s), u"admin"_s);
    m_bob = customer("bob");
}

void tst_WsResumeQueue::cleanup()
{
    m_server.dumpLogIfFailed();
}

Session tst_WsResumeQueue::customer(const char *prefix)
{
    return m_api.registerUser(uniqueName(QString::fromLatin1(prefix)));
}

void tst_WsResumeQueue::sendMany(const Session &as, const QString &roomId, int count,
                                 const QString &tag)
{
    QList<Request> requests;
    for (int i = 1; i <= count; ++i) {
        requests.append({"POST",
                         roomPath(roomId, u"messages"_s),
                         json({{u"type"_s, u"text"_s},
                               {u"content"_s, u"%1 %2"_s.arg(tag).arg(i)},
                               {u"client_id"_s, u"%1-%2"_s.arg(tag).arg(i)}}),
                         as.access,
                         {}});
    }
    for (qsizetype start = 0; start < requests.size(); start += 100) {
        const QList<Reply> replies = m_api.sendAll(requests.mid(start, 100));
        for (const Reply &reply : replies) {
            if (reply.status != 201) {
                failAt(reply.describe(), std::source_location::current());
                return;
            }
        }
    }
}

QList<QJsonObject> tst_WsResumeQueue::resume(WsClient &client, const QJsonObject &frame,
                                             int timeoutMs)
{
    if (!client.barrier()) {
        failAt(client.failure(), std::source_location::current());
        return {};
    }
    client.clearPending();
    const qsizetype from = client.received().size();
    client.send(frame);
    const QString ref = frame.value("ref"_L1).toString();
    const QJsonObject resumed = client.waitFor(u"resumed"_s, withRef(ref), timeoutMs);
    if (resumed.isEmpty()) {
        failAt(client.failure(), std::source_location::current());
        return {};
    }
    QList<QJsonObject> answer;
    for (const QJsonObject &f : framesAfter(client, from)) {
        if (f.value("type"_L1).toString() == u"presence")
            continue; // other users coming and going are not part of the answer
        answer.append(f);
        if (f == resumed)
            break;
    }
    // The answer is consumed: later absence checks look only at what came after it.
    client.take(QString(), [&answer](const QJsonObject &f) { return answer.contains(f); });
    return answer;
}

void tst_WsResumeQueue::resumeDeliversMissedMessagesOnce()
{
    const Session alice = customer("alice");
    RETURN_IF_FAILED();
    const QString g1 = openGroupRoom(m_api, alice, {m_bob}, u"one"_s);
    const QString g2 = openGroupRoom(m_api, alice, {m_bob}, u"two"_s);
    const QString quiet = openGroupRoom(m_api, alice, {m_bob}, u"quiet"_s);
    send(m_api, m_bob, g1, u"seen 1"_s);
    send(m_api, m_bob, g1, u"seen 2"_s);
    send(m_api, m_bob, g2, u"seen 1"_s);
    send(m_api, m_bob, quiet, u"seen 1"_s);
    RETURN_IF_FAILED();
    // Archiving is the user's own filter, not leaving: g2 is still resumed.
    roomAction(m_api, alice, g2, u"archive"_s, {{u"archived"_s, true}});
    RETURN_IF_FAILED();
    // While alice is offline:
    for (int i = 3; i <= 5; ++i)
        send(m_api, m_bob, g1, u"missed %1"_s.arg(i));
    for (int i = 2; i <= 3; ++i)
        send(m_api, m_bob, g2, u"missed %1"_s.arg(i));
    RETURN_IF_FAILED();

    const auto a1 = connectChat(m_server, alice, u"alice"_s);
    RETURN_IF_FAILED();
    const QList<QJsonObject> answer =
        resume(*a1, resumeFrame({{g1, 2}, {g2, 1}, {quiet, 1}}, false, u"res-1"_s));
    RETURN_IF_FAILED();
    const QJsonObject resumed = answer.last();
    WS_CHECK(checkType(resumed, u"resumed"_s, u"res-1"_s));
    QCOMPARE(resumed.value("complete"_L1), QJsonValue(true));
    const QJsonObject rooms = resumed.value("rooms"_L1).toObject();
    QCOMPARE(rooms.value(g1).toInteger(-1), 5);
    QCOMPARE(rooms.value(g2).toInteger(-1), 3);
    QCOMPARE(rooms.value(quiet).toInteger(-1), 1);
    QCOMPARE(rooms.size(), 3); // every room of the user, and only those

    // The missed messages, each once, in seq order per room, before `resumed`, identical to
    // the REST history.
    QList<qint64> seqs1;
    QList<qint64> seqs2;
    QSet<QString> ids;
    for (const QJsonObject &f : answer) {
        const QString type = f.value("type"_L1).toString();
        if (type == u"resumed")
            continue;
        QCOMPARE(type, u"message"_s);
        WS_CHECK(checkMessage(f.value("message"_L1), "resumed message"));
        const QString id = f.value("message"_L1).toObject().value("id"_L1).toString();
        QVERIFY2(!ids.contains(id), qPrintable(u"message sent twice: "_s + jsonText(f)));
        ids.insert(id);
        if (roomOf(f) == g1)
            seqs1 << seqOf(f);
        else if (roomOf(f) == g2)
            seqs2 << seqOf(f);
        else
            QFAIL(qPrintable(u"a message of a room with nothing new: "_s + jsonText(f)));
    }
    QCOMPARE(seqs1, (QList<qint64>{3, 4, 5}));
    QCOMPARE(seqs2, (QList<qint64>{2, 3}));
    const QJsonArray history = fullHistory(m_api, alice, g1);
    RETURN_IF_FAILED();
    for (const QJsonObject &f : answer) {
        if (roomOf(f) == g1) {
            QCOMPARE(f.value("message"_L1).toObject(),
                     findById(history, f.value("message"_L1).toObject().value("id"_L1).toString()));
        }
    }
    WS_NONE(*a1, u"message"_s);

    // Live traffic afterwards arrives once; a second resume from the new cursors is empty.
    const parley::Message live = send(m_api, m_bob, g1, u"live"_s);
    RETURN_IF_FAILED();
    WS_WAIT(liveFrame, *a1, u"message"_s, messageId(live.id));
    QCOMPARE(seqOf(liveFrame), 6);
    WS_NONE(*a1, u"message"_s);
    const QList<QJsonObject> again =
        resume(*a1, resumeFrame({{g1, 6}, {g2, 3}, {quiet, 1}}, false, u"res-2"_s));
    RETURN_IF_FAILED();
    QCOMPARE(again.size(), 1);
    WS_CHECK(checkType(again.first(), u"resumed"_s, u"res-2"_s));
    QCOMPARE(again.first().value("complete"_L1), QJsonValue(true));
    QCOMPARE(again.first().value("rooms"_L1).toObject().value(g1).toInteger(-1), 6);
}

void tst_WsResumeQueue::resumeStopsAt500PerRoom()
{
    const Session alice = customer("alice");
    RETURN_IF_FAILED();
    const QString big = openGroupRoom(m_api, alice, {m_bob}, u"big"_s);
    const QString small = openGroupRoom(m_api, alice, {m_bob}, u"small"_s);
    RETURN_IF_FAILED();
    sendMany(m_bob, big, 510, u"bulk"_s);
    send(m_api, m_bob, small, u"small 1"_s);
    send(m_api, m_bob, small, u"small 2"_s);
    RETURN_IF_FAILED();

    const auto a1 = connectChat(m_server, alice, u"alice"_s);
    RETURN_IF_FAILED();
    const QList<QJsonObject> first =
        resume(*a1, resumeFrame({{big, 0}, {small, 0}}, false, u"page-1"_s), 20000);
    RETURN_IF_FAILED();
    QList<qint64> bigSeqs;
    QList<qint64> smallSeqs;
    for (const QJsonObject &f : first) {
        if (f.value("type"_L1).toString() != u"message")
            continue;
        (roomOf(f) == big ? bigSeqs : smallSeqs) << seqOf(f);
    }
    QCOMPARE(bigSeqs.size(), 500);
    for (int i = 0; i < 500; ++i)
        QCOMPARE(bigSeqs.at(i), qint64(i + 1)); // the oldest 500 after the cursor, in order
    QCOMPARE(smallSeqs, (QList<qint64>{1, 2})); // other rooms are not cut short
    const QJsonObject resumed = first.last();
    WS_CHECK(checkType(resumed, u"resumed"_s, u"page-1"_s));
    QCOMPARE(resumed.value("complete"_L1), QJsonValue(false));
    QCOMPARE(resumed.value("rooms"_L1).toObject().value(big).toInteger(-1), 510);

    const QList<QJsonObject> rest =
        resume(*a1, resumeFrame({{big, 500}, {small, 2}}, false, u"page-2"_s));
    RETURN_IF_FAILED();
    QList<qint64> restSeqs;
    for (const QJsonObject &f : rest) {
        if (f.value("type"_L1).toString() == u"message") {
            QCOMPARE(roomOf(f), big);
            restSeqs << seqOf(f);
        }
    }
    QList<qint64> expected;
    for (qint64 seq = 501; seq <= 510; ++seq)
        expected << seq;
    QCOMPARE(restSeqs, expected);
    QCOMPARE(rest.last().value("complete"_L1), QJsonValue(true));
}

void tst_WsResumeQueue::resumeUnnamedRoomsAndFull()
{
    const Session alice = customer("alice");
    const Session other = customer("other");
    RETURN_IF_FAILED();
    const QString known = openGroupRoom(m_api, alice, {m_bob}, u"known"_s);
    const QString unknown = openGroupRoom(m_api, m_bob, {alice}, u"unknown"_s);
    const QString notMine = openGroupRoom(m_api, m_bob, {other}, u"not mine"_s);
    const QString left = openGroupRoom(m_api, m_bob, {alice}, u"left"_s);
    send(m_api, m_bob, known, u"k1"_s);
    send(m_api, m_bob, known, u"k2"_s);
    for (int i = 1; i <= 3; ++i)
        send(m_api, m_bob, unknown, u"u%1"_s.arg(i));
    RETURN_IF_FAILED();
    EXPECT_STATUS(m_api.post(roomPath(left, u"leave"_s), {}, alice), 204);

    const auto a1 = connectChat(m_server, alice, u"alice"_s);
    RETURN_IF_FAILED();
    // Unnamed rooms are announced with room_added, not replayed; named rooms the user is not in
    // (left, never a member) come back as room_removed.
    const QList<QJsonObject> answer =
        resume(*a1, resumeFrame({{known, 1}, {left, 0}, {notMine, 0}}, false, u"partial"_s));
    RETURN_IF_FAILED();
    QList<qint64> knownSeqs;
    QJsonObject added;
    QStringList removed;
    for (const QJsonObject &f : answer) {
        const QString type = f.value("type"_L1).toString();
        if (type == u"message") {
            QCOMPARE(roomOf(f), known);
            knownSeqs << seqOf(f);
        } else if (type == u"room_added") {
            QVERIFY2(added.isEmpty(), qPrintable(u"room_added twice: "_s + jsonText(f)));
            added = f;
        } else if (type == u"room_removed") {
            removed << f.value("room_id"_L1).toString();
        } else {
            QCOMPARE(type, u"resumed"_s);
        }
    }
    QCOMPARE(knownSeqs, (QList<qint64>{2}));
    QCOMPARE(roomIdOf(added), unknown);
    const QJsonObject addedRoom = added.value("room"_L1).toObject();
    toRoom(addedRoom);
    RETURN_IF_FAILED();
    QCOMPARE(addedRoom.value("last_seq"_L1).toInteger(), 3);
    QCOMPARE(addedRoom.value("unread_count"_L1).toInteger(), 3);
    QCOMPARE(memberIds(addedRoom), sortedIds({alice.id(), m_bob.id()}));
    QCOMPARE(sortedIds(removed), sortedIds({left, notMine}));
    const QJsonObject rooms = answer.last().value("rooms"_L1).toObject();
    QCOMPARE(rooms.value(known).toInteger(-1), 2);
    QCOMPARE(rooms.value(unknown).toInteger(-1), 3);
    QVERIFY2(!rooms.contains(left) && !rooms.contains(notMine), qPrintable(jsonText(rooms)));
    QCOMPARE(answer.last().value("complete"_L1), QJsonValue(true));

    // full: unnamed rooms are replayed from the start instead.
    const QList<QJsonObject> full = resume(*a1, resumeFrame({{known, 2}}, true, u"full"_s));
    RETURN_IF_FAILED();
    QList<qint64> unknownSeqs;
    for (const QJsonObject &f : full) {
        const QString type = f.value("type"_L1).toString();
        QVERIFY2(type == u"message" || type == u"resumed",
                 qPrintable(u"unexpected frame in a full resume: "_s + jsonText(f)));
        if (type == u"message") {
            QCOMPARE(roomOf(f), unknown);
            unknownSeqs << seqOf(f);
        }
    }
    QCOMPARE(unknownSeqs, (QList<qint64>{1, 2, 3}));
    QCOMPARE(full.last().value("complete"_L1), QJsonValue(true));
}

void tst_WsResumeQueue::queueUpdatesForStaff()
{
    const Session alice = customer("alice");
    RETURN_IF_FAILED();
    const auto s1 = connectChat(m_server, m_sam, u"sam"_s);
    const auto t1 = connectChat(m_server, m_tom, u"tom"_s);
    const auto a1 = connectChat(m_server, alice, u"alice#1"_s);
    const auto a2 = connectChat(m_server, alice, u"alice#2"_s);
    const auto b1 = connectChat(m_server, m_bob, u"bob"_s);
    RETURN_IF_FAILED();
    const auto waiting = [](bool yes) {
        return [yes](const QJsonObject &f) {
            return f.value("room"_L1).toObject().value("waiting_since"_L1).isString() == yes;
        };
    };

    // A customer opens a support room: it enters the queue.
    const QString room = openSupportRoom(m_api, alice, u"Where is my parcel?"_s);
    RETURN_IF_FAILED();
    for (WsClient *staff : {s1.get(), t1.get()}) {
        WS_WAIT(entered, *staff, u"queue_updated"_s, roomIs(room));
        WS_CHECK(checkType(entered, u"queue_updated"_s));
        const QJsonObject view = entered.value("room"_L1).toObject();
        toRoom(view);
        RETURN_IF_FAILED();
        EXPECT_MATCH(view.value("waiting_since"_L1).toString(), kTimePattern);
        QCOMPARE(view.value("status"_L1).toString(), u"open"_s);
        QCOMPARE(view.value("kind"_L1).toString(), u"support"_s);
        QCOMPARE(view.value("subject"_L1).toString(), u"Where is my parcel?"_s);
    }
    for (WsClient *client : {a1.get(), a2.get()}) {
        WS_WAIT(added, *client, u"room_added"_s, roomIs(room));
        EXPECT_MATCH(added.value("room"_L1).toObject().value("waiting_since"_L1).toString(),
                     kTimePattern);
    }
    for (WsClient *client : {a1.get(), a2.get(), b1.get()})
        WS_NONE(*client, u"queue_updated"_s);
    WS_NONE(*b1, u"room_added"_s, roomIs(room));
    for (WsClient *staff : {s1.get(), t1.get()})
        WS_NONE(*staff, u"room_added"_s, roomIs(room));

    // sam joins: it leaves the queue.
    roomAction(m_api, m_sam, room, u"join"_s);
    RETURN_IF_FAILED();
    for (WsClient *staff : {s1.get(), t1.get()}) {
        WS_WAIT(leftQueue, *staff, u"queue_updated"_s, roomIs(room));
        const QJsonObject view = leftQueue.value("room"_L1).toObject();
        QVERIFY2(view.contains("waiting_since"_L1) && view.value("waiting_since"_L1).isNull(),
                 qPrintable(jsonText(leftQueue)));
    }
    WS_WAIT(samAdded, *s1, u"room_added"_s, roomIs(room));
    QVERIFY(memberIds(samAdded.value("room"_L1).toObject()).contains(m_sam.id()));
    for (WsClient *client : {a1.get(), a2.get()}) {
        WS_WAIT(joined, *client, u"member_joined"_s, aboutRoom(room));
        WS_CHECK(checkType(joined, u"member_joined"_s));
        WS_CHECK(checkUser(joined.value("user"_L1), m_sam, "member_joined.user"));
    }
    WS_NONE(*s1, u"member_joined"_s, aboutRoom(room));
    WS_NONE(*t1, u"room_added"_s, roomIs(room));

    // sam leaves: back into the queue.
    EXPECT_STATUS(m_api.post(roomPath(room, u"leave"_s), {}, m_sam), 204);
    for (WsClient *staff : {s1.get(), t1.get()}) {
        WS_WAIT(back, *staff, u"queue_updated"_s, roomIs(room));
        EXPECT_MATCH(back.value("room"_L1).toObject().value("waiting_since"_L1).toString(),
                     kTimePattern);
    }
    WS_WAIT(samRemoved, *s1, u"room_removed"_s, aboutRoom(room));
    WS_CHECK(checkType(samRemoved, u"room_removed"_s));
    for (WsClient *client : {a1.get(), a2.get()}) {
        WS_WAIT(leftFrame, *client, u"member_left"_s, aboutRoom(room));
        WS_CHECK(checkUser(leftFrame.value("user"_L1), m_sam, "member_left.user"));
    }

    // alice closes it while it waits: it leaves the queue again; members see room_updated.
    roomAction(m_api, alice, room, u"close"_s);
    RETURN_IF_FAILED();
    for (WsClient *staff : {s1.get(), t1.get()}) {
        WS_WAIT(closed, *staff, u"queue_updated"_s, roomIs(room));
        const QJsonObject view = closed.value("room"_L1).toObject();
        QCOMPARE(view.value("status"_L1).toString(), u"closed"_s);
        QVERIFY2(view.value("waiting_since"_L1).isNull(), qPrintable(jsonText(closed)));
    }
    for (WsClient *client : {a1.get(), a2.get()}) {
        WS_WAIT(updated, *client, u"room_updated"_s, roomIs(room));
        QCOMPARE(updated.value("room"_L1).toObject().value("status"_L1).toString(), u"closed"_s);
    }
    // Reopened without staff: in the queue once more. Tom joins: out of it.
    roomAction(m_api, alice, room, u"reopen"_s);
    RETURN_IF_FAILED();
    for (WsClient *staff : {s1.get(), t1.get()}) {
        WS_WAIT(reopened, *staff, u"queue_updated"_s, roomIs(room));
        QVERIFY2(waiting(true)(reopened), qPrintable(jsonText(reopened)));
    }
    roomAction(m_api, m_tom, room, u"join"_s);
    RETURN_IF_FAILED();
    for (WsClient *staff : {s1.get(), t1.get()}) {
        WS_WAIT(taken, *staff, u"queue_updated"_s, roomIs(room));
        QVERIFY2(waiting(false)(taken), qPrintable(jsonText(taken)));
        WS_NONE(*staff, u"queue_updated"_s, roomIs(room));
    }
    for (WsClient *client : {a1.get(), a2.get(), b1.get()})
        WS_NONE(*client, u"queue_updated"_s);
}

void tst_WsResumeQueue::membershipEvents()
{
    const Session alice = customer("alice");
    const Session carol = customer("carol");
    const Session dave = customer("dave"); // never a member
    RETURN_IF_FAILED();
    const auto a1 = connectChat(m_server, alice, u"alice#1"_s);
    const auto a2 = connectChat(m_server, alice, u"alice#2"_s);
    const auto b1 = connectChat(m_server, m_bob, u"bob"_s);
    const auto c1 = connectChat(m_server, carol, u"carol"_s);
    const auto d1 = connectChat(m_server, dave, u"dave"_s);
    const auto s1 = connectChat(m_server, m_sam, u"sam"_s);
    RETURN_IF_FAILED();

    // A room created by alice reaches every member's connections (hers included) as room_added.
    const QString room = openGroupRoom(m_api, alice, {m_bob, carol}, u"trio"_s);
    RETURN_IF_FAILED();
    for (WsClient *client : {a1.get(), a2.get(), b1.get(), c1.get()}) {
        WS_WAIT(added, *client, u"room_added"_s, roomIs(room));
        WS_CHECK(checkType(added, u"room_added"_s));
        const QJsonObject view = added.value("room"_L1).toObject();
        toRoom(view);
        RETURN_IF_FAILED();
        QCOMPARE(view.value("kind"_L1).toString(), u"group"_s);
        QCOMPARE(memberIds(view), sortedIds({alice.id(), m_bob.id(), carol.id()}));
        WS_NONE(*client, u"room_added"_s, roomIs(room));
    }
    for (WsClient *client : {d1.get(), s1.get()})
        WS_NONE(*client, u"room_added"_s, roomIs(room));

    // carol leaves: the others get member_left, carol room_removed, and nothing more of the room.
    EXPECT_STATUS(m_api.post(roomPath(room, u"leave"_s), {}, carol), 204);
    for (WsClient *client : {a1.get(), a2.get(), b1.get()}) {
        WS_WAIT(leftFrame, *client, u"member_left"_s, aboutRoom(room));
        WS_CHECK(checkType(leftFrame, u"member_left"_s));
        QCOMPARE(leftFrame.value("room_id"_L1).toString(), room);
        WS_CHECK(checkUser(leftFrame.value("user"_L1), carol, "member_left.user"));
    }
    WS_WAIT(removed, *c1, u"room_removed"_s, aboutRoom(room));
    WS_CHECK(checkType(removed, u"room_removed"_s));
    QCOMPARE(removed.value("room_id"_L1).toString(), room);
    const parley::Message afterLeave = send(m_api, alice, room, u"carol is gone"_s);
    RETURN_IF_FAILED();
    WS_WAIT(toBob, *b1, u"message"_s, messageId(afterLeave.id));
    WS_NONE(*c1, u"message"_s, aboutRoom(room));
    WS_NONE(*d1, u"member_left"_s);

    // Staff join: the others get member_joined, the staff member room_added, then its traffic.
    roomAction(m_api, m_sam, room, u"join"_s);
    RETURN_IF_FAILED();
    for (WsClient *client : {a1.get(), a2.get(), b1.get()}) {
        WS_WAIT(joined, *client, u"member_joined"_s, aboutRoom(room));
        QCOMPARE(joined.value("room_id"_L1).toString(), room);
        WS_CHECK(checkUser(joined.value("user"_L1), m_sam, "member_joined.user"));
    }
    WS_WAIT(samAdded, *s1, u"room_added"_s, roomIs(room));
    QCOMPARE(memberIds(samAdded.value("room"_L1).toObject()),
             sortedIds({alice.id(), m_bob.id(), m_sam.id()}));
    for (WsClient *client : {c1.get(), d1.get()})
        WS_NONE(*client, u"member_joined"_s);
    const parley::Message afterJoin = send(m_api, m_bob, room, u"welcome"_s);
    RETURN_IF_FAILED();
    WS_WAIT(toSam, *s1, u"message"_s, messageId(afterJoin.id));
    WS_NONE(*c1, u"message"_s, aboutRoom(room));
}

void tst_WsResumeQueue::queueFollowsRoleChanges()
{
    // Queue events are for staff. docs/API.md: roles are read from the database, a change takes
    // effect at once; a socket opened before the change must follow it.
    const Session former = m_server.createUser(uniqueName(u"former"_s), u"staff"_s);
    const Session alice = customer("alice");
    RETURN_IF_FAILED();
    const auto demoted = connectChat(m_server, former, u"former staff"_s);
    const auto s1 = connectChat(m_server, m_sam, u"sam"_s);
    RETURN_IF_FAILED();
    EXPECT_STATUS(m_api.patch(u"/api/admin/users/%1/"_s.arg(former.id()),
                              {{u"role"_s, u"customer"_s}}, m_admin),
                  200);
    const QString room = openSupportRoom(m_api, alice, u"private matter"_s);
    RETURN_IF_FAILED();
    WS_WAIT(control, *s1, u"queue_updated"_s, roomIs(room)); // the event did happen
    if (demoted->isOpen())
        WS_NONE(*demoted, u"queue_updated"_s, roomIs(room));
}

QTEST_GUILESS_MAIN(tst_WsResumeQueue)
#include "tst_ws_resume_queue.moc"
