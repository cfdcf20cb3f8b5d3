// Ratings after close (docs/API.md "Ratings"): only the customers of a closed support or order
// conversation rate it, 1-5 with an optional comment; rating again replaces the rating of that
// closure, a reopen and close starts a new one; staff see them per room and in the report, and
// get a `rating` frame.
#include "WsTest.h"

#include "protocol/Rating.h"

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

QJsonObject rateBody(const QJsonValue &score, const QString &comment = {})
{
    QJsonObject body{{u"score"_s, score}};
    if (!comment.isEmpty())
        body.insert(u"comment"_s, comment);
    return body;
}

} // namespace

class tst_DeskRating : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void whoMayRate_data();
    void whoMayRate();
    void invalidRatings_data();
    void invalidRatings();
    void onlyClosedConversations();
    void rateAgainReplacesUntilReopened();
    void staffSeeRatingsAndReport();

private:
    // A support room of alice that sam joined and closed.
    QString closedRoom();

    TestServer m_server;
    ApiClient m_api{&m_server};
    Session m_admin;
    Session m_sam;   // staff, member of the rooms
    Session m_alice; // the customer
    Session m_carol; // another customer
};

void tst_DeskRating::initTestCase()
{
    const auto dumpLog = qScopeGuard([this] { m_server.dumpLogIfFailed(); });
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_admin = m_server.createUser(uniqueName(u"admin"_s), u"admin"_s);
    m_sam = m_server.createUser(uniqueName(u"sam"_s), u"staff"_s);
    m_alice = m_api.registerUser(uniqueName(u"alice"_s));
    m_carol = m_api.registerUser(uniqueName(u"carol"_s));
}

void tst_DeskRating::cleanup()
{
    m_server.dumpLogIfFailed();
}

QString tst_DeskRating::closedRoom()
{
    const QString room = openSupportRoom(m_api, m_alice, u"Rate me"_s);
    roomAction(m_api, m_sam, room, u"join"_s);
    send(m_api, m_sam, room, u"Solved?"_s);
    roomAction(m_api, m_sam, room, u"close"_s);
    return room;
}

void tst_DeskRating::whoMayRate_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::newRow("the customer") << u"alice"_s << 200 << QString();
    QTest::newRow("a customer who is not a member") << u"carol"_s << 404 << u"not_found"_s;
    QTest::newRow("the staff member of the room") << u"sam"_s << 403 << u"forbidden"_s;
    QTest::newRow("an admin") << u"admin"_s << 403 << u"forbidden"_s;
    QTest::newRow("nobody") << QString() << 401 << u"unauthorized"_s;
}

void tst_DeskRating::whoMayRate()
{
    QFETCH(QString, who);
    QFETCH(int, status);
    QFETCH(QString, code);
    const QString room = closedRoom();
    RETURN_IF_FAILED();
    const QHash<QString, Session> sessions{
        {u"alice"_s, m_alice}, {u"carol"_s, m_carol}, {u"sam"_s, m_sam}, {u"admin"_s, m_admin}};
    const Reply reply =
        m_api.post(roomPath(room, u"rating"_s), rateBody(4), sessions.value(who).access);
    if (code.isEmpty())
        EXPECT_STATUS(reply, status);
    else
        EXPECT_ERROR_FIELD(reply, status, code, QString());
    // Customers read their own ratings only; strangers see no room.
    EXPECT_ERROR(m_api.get(roomPath(room, u"ratings"_s), m_carol), 404, "not_found");
    EXPECT_ERROR(m_api.get(u"/api/chat/ratings/"_s, m_alice), 403, "forbidden");
}

void tst_DeskRating::invalidRatings_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("field");
    QTest::newRow("no score") << QJsonObject{{u"comment"_s, u"x"_s}} << u"score"_s;
    QTest::newRow("score 0") << rateBody(0) << u"score"_s;
    QTest::newRow("score 6") << rateBody(6) << u"score"_s;
    QTest::newRow("score 3.5") << rateBody(3.5) << u"score"_s;
    QTest::newRow("score a string") << rateBody(u"5"_s) << u"score"_s;
    QTest::newRow("comment not a string")
        << QJsonObject{{u"score"_s, 3}, {u"comment"_s, 1}} << u"comment"_s;
    QTest::newRow("comment too long") << rateBody(3, QString(1001, u'x')) << u"comment"_s;
}

void tst_DeskRating::invalidRatings()
{
    QFETCH(QJsonObject, body);
    QFETCH(QString, field);
    const QString room = closedRoom();
    RETURN_IF_FAILED();
    EXPECT_ERROR_FIELD(m_api.post(roomPath(room, u"rating"_s), body, m_alice), 400,
                       u"validation_failed"_s, field);
    QCOMPARE(m_api.get(roomPath(room, u"ratings"_s), m_sam).results().size(), 0);
}

void tst_DeskRating::onlyClosedConversations()
{
    const QString open = openSupportRoom(m_api, m_alice);
    RETURN_IF_FAILED();
    EXPECT_ERROR(m_api.post(roomPath(open, u"rating"_s), rateBody(5), m_alice), 409, "conflict");
    // A group conversation is not rated, closed or not.
    const QString group = openGroupRoom(m_api, m_alice, {m_carol});
    RETURN_IF_FAILED();
    roomAction(m_api, m_alice, group, u"close"_s);
    RETURN_IF_FAILED();
    EXPECT_ERROR(m_api.post(roomPath(group, u"rating"_s), rateBody(5), m_alice), 400,
                 "bad_request");
    EXPECT_ERROR(m_api.post(roomPath(u"CHAT20260101NOSUCHRM"_s, u"rating"_s), rateBody(5), m_alice),
                 404, "not_found");
}

void tst_DeskRating::rateAgainReplacesUntilReopened()
{
    const QString room = closedRoom();
    RETURN_IF_FAILED();
    const Reply first = m_api.post(roomPath(room, u"rating"_s), rateBody(2, u"slow"_s), m_alice);
    EXPECT_STATUS(first, 200);
    const auto decoded = parley::Rating::fromJson(first.obj());
    QVERIFY(bool(decoded));
    QCOMPARE(decoded->score, 2);
    QCOMPARE(decoded->comment, u"slow"_s);
    QCOMPARE(decoded->customer.id, m_alice.id());
    const qint64 firstClosure = decoded->closedSeq;
    QCOMPARE(firstClosure, fetchRoom(m_api, m_alice, room).value("last_seq"_L1).toInteger());

    // Rating the same closure again replaces score and comment.
    const Reply again = m_api.post(roomPath(room, u"rating"_s), rateBody(4), m_alice);
    EXPECT_STATUS(again, 200);
    QCOMPARE(again.obj().value("score"_L1).toInt(), 4);
    QCOMPARE(again.obj().value("comment"_L1).toString(), QString());
    QCOMPARE(again.obj().value("created_at"_L1), first.obj().value("created_at"_L1));
    QCOMPARE(again.obj().value("closed_seq"_L1).toInteger(), firstClosure);
    QJsonArray mine = m_api.get(roomPath(room, u"ratings"_s), m_alice).results();
    QCOMPARE(mine.size(), 1);
    QCOMPARE(mine.at(0).toObject(), again.obj());

    // Reopened: no rating while open; closed again: a new rating, the old one kept.
    roomAction(m_api, m_sam, room, u"reopen"_s);
    RETURN_IF_FAILED();
    EXPECT_ERROR(m_api.post(roomPath(room, u"rating"_s), rateBody(5), m_alice), 409, "conflict");
    send(m_api, m_alice, room, u"One more thing"_s);
    roomAction(m_api, m_sam, room, u"close"_s);
    RETURN_IF_FAILED();
    const Reply second = m_api.post(roomPath(room, u"rating"_s), rateBody(5, u"great"_s), m_alice);
    EXPECT_STATUS(second, 200);
    QVERIFY(second.obj().value("closed_seq"_L1).toInteger() > firstClosure);
    mine = m_api.get(roomPath(room, u"ratings"_s), m_alice).results();
    QCOMPARE(mine.size(), 2);
    QCOMPARE(mine.at(0).toObject(), second.obj()); // newest closure first
    QCOMPARE(mine.at(1).toObject(), again.obj());
}

void tst_DeskRating::staffSeeRatingsAndReport()
{
    Session tom = m_server.createUser(uniqueName(u"tom"_s), u"staff"_s);
    RETURN_IF_FAILED();
    auto tomWs = connectChat(m_server, tom, u"tom(/ws)"_s);
    auto aliceWs = connectChat(m_server, m_alice, u"alice(/ws)"_s);
    RETURN_IF_FAILED();
    // Two rooms that tom handled, rated 5 and 2: his average is 3.5.
    QStringList rooms;
    for (int score : {5, 2}) {
        const QString room = openSupportRoom(m_api, m_alice, u"For tom"_s);
        roomAction(m_api, tom, room, u"join"_s);
        roomAction(m_api, tom, room, u"close"_s);
        RETURN_IF_FAILED();
        const Reply rated = m_api.post(roomPath(room, u"rating"_s),
                                       rateBody(score, u"score %1"_s.arg(score)), m_alice);
        EXPECT_STATUS(rated, 200);
        // Staff get the rating live, not being members is no matter (tom is one, admin is not).
        WS_WAIT(frame, *tomWs, u"rating"_s, [&](const QJsonObject &f) {
            return f.value("rating"_L1).toObject().value("room_id"_L1).toString() == room;
        });
        QCOMPARE(frame.value("rating"_L1).toObject(), rated.obj());
        rooms << room;
    }

    // The room details: every rating of the room for any staff member.
    const QJsonArray ofRoom = m_api.get(roomPath(rooms.at(0), u"ratings"_s), m_admin).results();
    QCOMPARE(ofRoom.size(), 1);
    QCOMPARE(ofRoom.at(0).toObject().value("score"_L1).toInt(), 5);
    QCOMPARE(ofRoom.at(0).toObject().value("comment"_L1).toString(), u"score 5"_s);

    const Reply report = m_api.get(u"/api/chat/ratings/"_s, m_sam);
    EXPECT_STATUS(report, 200);
    QJsonObject tomLine;
    for (const QJsonValue &v : report.obj().value("agents"_L1).toArray()) {
        if (v.toObject().value("agent"_L1).toObject().value("id"_L1).toString() == tom.id())
            tomLine = v.toObject();
    }
    QCOMPARE(tomLine.value("count"_L1).toInt(), 2);
    QCOMPARE(tomLine.value("average"_L1).toDouble(), 3.5);
    QVERIFY(report.obj().value("count"_L1).toInt() >= 2);
    const QJsonArray latest = report.obj().value("latest"_L1).toArray();
    QVERIFY(!latest.isEmpty());
    QCOMPARE(latest.at(0).toObject().value("room_id"_L1).toString(), rooms.at(1));

    // Customers get no rating frames, not even for their own ratings.
    const parley::Message marker =
        send(m_api, m_alice, openSupportRoom(m_api, m_alice), u"marker"_s);
    RETURN_IF_FAILED();
    WS_WAIT(markerFrame, *aliceWs, u"message"_s, messageId(marker.id));
    WS_NONE(*aliceWs, u"rating"_s);
}

QTEST_GUILESS_MAIN(tst_DeskRating)
#include "tst_desk_rating.moc"
