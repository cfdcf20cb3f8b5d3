// The desktop client's side of "after a close" and of integration events (issue 9), against the
// real parley-server: a customer rates a closed conversation through RatingListModel and the
// staff's model of the room updates live from the `rating` frame; TranscriptExporter saves the
// transcript with its edit history as JSON or text; an order event posted with a real API key
// reaches the customer's MessageListModel with its fields.
#include "ClientTest.h"

#include "desk/TranscriptExporter.h"
#include "models/MessageListModel.h"
#include "models/RatingListModel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>

using namespace Qt::StringLiterals;
using namespace parley;
using namespace parley::test;
using client::MessageListModel;
using client::RatingListModel;
using client::TranscriptExporter;

namespace {

// The seq of the newest system message of the room whose metadata.event is `event` (0: none).
qint64 lastSystemSeq(RestClient *api, const QString &roomId, const QString &event)
{
    auto page = await<client::MessagePage>([&](auto done) { api->history(roomId, {}, done); });
    qint64 seq = 0;
    if (page) {
        for (const Message &m : page->messages) {
            if (m.type == MessageType::System && m.metadata.value("event"_L1).toString() == event)
                seq = m.seq;
        }
    }
    return seq;
}

} // namespace

class tst_ClientClose : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup() { m_server.dumpLogIfFailed(); }
    void customerRatingReachesStaffLive();
    void exportTranscript_data();
    void exportTranscript();
    void orderEventInMessageModel_data();
    void orderEventInMessageModel();

private:
    TestServer m_server;
    test::Session m_customer;
    test::Session m_staff;
    test::Session m_admin;
};

void tst_ClientClose::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_customer = m_server.createUser(uniqueName(u"cust"_s), u"customer"_s);
    m_staff = m_server.createUser(uniqueName(u"staff"_s), u"staff"_s);
    m_admin = m_server.createUser(uniqueName(u"admin"_s), u"admin"_s);
    QVERIFY(!m_admin.access.isEmpty());
}

void tst_ClientClose::customerRatingReachesStaffLive()
{
    RestClient *staffRest = restAs(m_server, m_staff, this);
    const QString room = roomWithStaff(m_server, m_customer, m_staff);
    QVERIFY(!room.isEmpty());
    QVERIFY(await<Room>([&](auto done) { staffRest->closeRoom(room, done); }));
    const qint64 firstClose = lastSystemSeq(staffRest, room, u"closed"_s);
    QVERIFY(firstClose > 0);

    // The staff's app, with the room's ratings loaded (none yet). Models bind to the newest
    // AppState: the staff's first, then the customer's.
    ClientApp staffApp(m_server);
    QVERIFY(staffApp.loginOnline(m_staff.username()));
    RatingListModel staffRatings;
    QAbstractItemModelTester staffTester(&staffRatings);
    QSignalSpy staffLoaded(&staffRatings, &RatingListModel::ratingsChanged);
    staffRatings.setRoomId(room);
    QTRY_VERIFY(staffLoaded.size() >= 2); // reset, then the answer
    QCOMPARE(staffRatings.count(), 0);

    // The customer's app: the conversation knows which closure it is rating.
    ClientApp customerApp(m_server);
    QVERIFY(customerApp.loginOnline(m_customer.username()));
    MessageListModel messages;
    messages.setRoomId(room);
    QTRY_COMPARE(messages.closedSeq(), firstClose);
    RatingListModel mine;
    QAbstractItemModelTester mineTester(&mine);
    QSignalSpy mineLoaded(&mine, &RatingListModel::ratingsChanged);
    mine.setRoomId(room);
    mine.setClosingSeq(messages.closedSeq());
    QTRY_VERIFY(mineLoaded.size() >= 3); // reset, closingSeq, the answer
    QVERIFY(mine.mine().isEmpty());

    QSignalSpy rated(&mine, &RatingListModel::rated);
    mine.rate(4, u"  quick and kind  "_s);
    QTRY_COMPARE(rated.size(), 1);
    QCOMPARE(mine.mine().value(u"score"_s).toInt(), 4);
    QCOMPARE(mine.mine().value(u"comment"_s).toString(), u"quick and kind"_s);
    // Live on the staff's side: only the `rating` frame can bring it (no reload happened).
    QTRY_COMPARE(staffRatings.count(), 1);
    QCOMPARE(roleAt(&staffRatings, 0, "score").toInt(), 4);
    QCOMPARE(roleAt(&staffRatings, 0, "comment").toString(), u"quick and kind"_s);
    QCOMPARE(roleAt(&staffRatings, 0, "customerName").toString(), m_customer.user.displayName);
    QCOMPARE(roleAt(&staffRatings, 0, "closedSeq").toLongLong(), firstClose);

    // Rating again before a reopen replaces it, on both sides.
    mine.rate(5, u"even better"_s);
    QTRY_COMPARE(rated.size(), 2);
    QTRY_COMPARE(roleAt(&staffRatings, 0, "score").toInt(), 5);
    QCOMPARE(staffRatings.count(), 1);
    QCOMPARE(staffRatings.average(), 5.0);

    // Reopened: rating is refused with the server's message.
    QVERIFY(await<Room>([&](auto done) { staffRest->reopenRoom(room, done); }));
    QTRY_COMPARE(messages.closedSeq(), qint64(0));
    QSignalSpy refused(&mine, &RatingListModel::errorOccurred);
    mine.rate(3, {});
    QTRY_COMPARE(refused.size(), 1);
    QVERIFY(!refused.first().first().toString().isEmpty());
    QCOMPARE(rated.size(), 2);

    // Closed again: a new closure, not rated yet; its rating is a second one.
    QVERIFY(await<Room>([&](auto done) { staffRest->closeRoom(room, done); }));
    QTRY_VERIFY(messages.closedSeq() > firstClose);
    mine.setClosingSeq(messages.closedSeq());
    QVERIFY(mine.mine().isEmpty());
    mine.rate(2, {});
    QTRY_COMPARE(rated.size(), 3);
    QCOMPARE(mine.mine().value(u"score"_s).toInt(), 2);
    QTRY_COMPARE(staffRatings.count(), 2);
    QCOMPARE(roleAt(&staffRatings, 0, "score").toInt(), 2); // newest closure first
    QCOMPARE(roleAt(&staffRatings, 1, "score").toInt(), 5);
    QCOMPARE(staffRatings.average(), 3.5);
}

void tst_ClientClose::exportTranscript_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QString>("asked"); // the dialog's filter
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("written");
    QTest::newRow("json by extension") << u"a.json"_s << u"text"_s << u"json"_s << u"a.json"_s;
    QTest::newRow("text by extension") << u"b.txt"_s << u"json"_s << u"text"_s << u"b.txt"_s;
    QTest::newRow("text by filter") << u"c"_s << u"text"_s << u"text"_s << u"c.txt"_s;
    QTest::newRow("json by default") << u"d"_s << QString() << u"json"_s << u"d.json"_s;
}

void tst_ClientClose::exportTranscript()
{
    QFETCH(QString, fileName);
    QFETCH(QString, asked);
    QFETCH(QString, format);
    QFETCH(QString, written);
    const QString room = roomWithStaff(m_server, m_customer, m_staff);
    QVERIFY(!room.isEmpty());
    const QString before = uniqueName(u"first words"_s);
    const QString after = uniqueName(u"second thoughts"_s);
    const Message original = postText(m_server, m_customer, room, before);
    QVERIFY(!original.id.isEmpty());
    RestClient *customerRest = restAs(m_server, m_customer, this);
    QVERIFY(
        await<Message>([&](auto done) { customerRest->editMessage(original.id, after, done); }));

    ClientApp staffApp(m_server);
    QVERIFY(staffApp.login(m_staff.username()));
    TranscriptExporter exporter;
    QSignalSpy saved(&exporter, &TranscriptExporter::saved);
    QSignalSpy failed(&exporter, &TranscriptExporter::failed);
    QTemporaryDir dir;
    QVERIFY(exporter.save(room, QUrl::fromLocalFile(dir.filePath(fileName)), asked));
    QVERIFY(exporter.isBusy());
    QTRY_COMPARE(saved.size() + failed.size(), 1);
    QVERIFY2(failed.isEmpty(),
             failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
    QVERIFY(!exporter.isBusy());
    const QString path = dir.filePath(written);
    QCOMPARE(saved.first().at(0).toString(), path);
    QCOMPARE(saved.first().at(1).toString(), format);

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    if (format == u"json"_s) {
        const QJsonObject doc = QJsonDocument::fromJson(bytes).object();
        QCOMPARE(doc.value("room"_L1).toObject().value("id"_L1).toString(), room);
        QJsonObject entry;
        for (const auto &v : doc.value("entries"_L1).toArray()) {
            if (v.toObject().value("message"_L1).toObject().value("id"_L1).toString() ==
                original.id)
                entry = v.toObject();
        }
        QCOMPARE(entry.value("message"_L1).toObject().value("content"_L1).toString(), after);
        const QJsonArray history = entry.value("history"_L1).toArray();
        QCOMPARE(history.size(), 1);
        QCOMPARE(history.first().toObject().value("action"_L1).toString(), u"edit"_s);
        QCOMPARE(history.first().toObject().value("previous_content"_L1).toString(), before);
    } else {
        const QString text = QString::fromUtf8(bytes);
        QVERIFY(!text.startsWith(u'{'));
        QVERIFY(text.contains(after + u" (edited)"_s));
        QVERIFY(text.contains(u"; before: "_s + before));
    }
}

void tst_ClientClose::orderEventInMessageModel_data()
{
    QTest::addColumn<QJsonObject>("fields");
    QTest::newRow("job_update") << QJsonObject{{u"type"_s, u"job_update"_s},
                                               {u"status"_s, u"in_transit"_s},
                                               {u"eta"_s, u"2026-11-22T10:30:00Z"_s},
                                               {u"note"_s, u"Driver is on the way"_s}};
    QTest::newRow("payment_initiated") << QJsonObject{{u"type"_s, u"payment_initiated"_s},
                                                      {u"amount_minor"_s, 4250},
                                                      {u"currency"_s, u"USD"_s},
                                                      {u"payment_ref"_s, u"pay_9"_s}};
    QTest::newRow("dispute_opened") << QJsonObject{{u"type"_s, u"dispute_opened"_s},
                                                   {u"reason"_s, u"damaged"_s},
                                                   {u"text"_s, u"The box was crushed"_s}};
}

void tst_ClientClose::orderEventInMessageModel()
{
    QFETCH(QJsonObject, fields);
    test::ApiClient http(&m_server);
    const Reply key = http.post(
        u"/api/admin/api-keys"_s,
        {{u"name"_s, u"shop"_s}, {u"scopes"_s, QJsonArray{u"rooms:write"_s, u"events:write"_s}}},
        m_admin);
    QCOMPARE(key.status, 201);
    const QByteArray secret = key.obj().value("secret"_L1).toString().toUtf8();
    const test::Session partner = m_server.createUser(uniqueName(u"courier"_s), u"customer"_s);
    const QString orderRef = uniqueName(u"ORD"_s);
    const auto keyed = [&](const QString &path, const QJsonObject &body) {
        return http.raw("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact),
                        {{"X-Api-Key", secret}});
    };
    const Reply room =
        keyed(u"/api/integrations/v1/order-rooms"_s, {{u"order_ref"_s, orderRef},
                                                      {u"customer"_s, m_customer.username()},
                                                      {u"partner"_s, partner.id()}});
    QCOMPARE(room.status, 201);
    const QString roomId = room.obj().value("id"_L1).toString();

    ClientApp customerApp(m_server);
    QVERIFY(customerApp.loginOnline(m_customer.username()));
    MessageListModel messages;
    QAbstractItemModelTester tester(&messages);
    messages.setRoomId(roomId);
    QTRY_VERIFY(!messages.isLoading() && messages.room().value(u"id"_s) == roomId);
    const int before = messages.count();

    QJsonObject event = fields;
    event.insert(u"order_ref"_s, orderRef);
    event.insert(u"event_id"_s, uniqueName(u"evt"_s));
    const Reply posted = keyed(u"/api/integrations/v1/events"_s, event);
    QCOMPARE(posted.status, 201);

    // Live over the socket, not by reloading.
    QTRY_COMPARE(messages.count(), before + 1);
    const QVariantMap row = messages.get(before);
    QVERIFY(row.value(u"isSystem"_s).toBool());
    const QVariantMap card = row.value(u"orderEvent"_s).toMap();
    QCOMPARE(card.value(u"event"_s).toString(), fields.value("type"_L1).toString());
    QCOMPARE(card.value(u"order_ref"_s).toString(), orderRef);
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        if (it.key() == "eta"_L1) // the server writes times in its own form
            QCOMPARE(QDateTime::fromString(card.value(it.key()).toString(), Qt::ISODateWithMs),
                     QDateTime::fromString(it.value().toString(), Qt::ISODateWithMs));
        else if (it.key() != "type"_L1)
            QCOMPARE(card.value(it.key()).toString(), it.value().toVariant().toString());
    }
    // The room's own notices (joined, closed, ...) are no order events.
    for (int i = 0; i < before; ++i) {
        if (messages.get(i).value(u"isSystem"_s).toBool())
            QVERIFY(messages.get(i).value(u"orderEvent"_s).toMap().isEmpty());
    }
}

QTEST_MAIN(tst_ClientClose)
#include "tst_client_close.moc"
