// client::ApiClient's support desk calls against the real parley-server: canned responses (CRUD,
// prefix search, placeholders), rating a closed conversation, and saving a transcript to a file.
#include "ClientTest.h"

#include <QFile>

using namespace Qt::StringLiterals;
using namespace parley;
using namespace parley::test;

class tst_ClientDesk : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup() { m_server.dumpLogIfFailed(); }
    void cannedResponses();
    void rateClosedRoom();
    void exportTranscript_data();
    void exportTranscript();

private:
    TestServer m_server;
    test::Session m_customer;
    test::Session m_staff;
};

void tst_ClientDesk::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_customer = m_server.createUser(uniqueName(u"cust"_s), u"customer"_s);
    m_staff = m_server.createUser(uniqueName(u"staff"_s), u"staff"_s);
    QVERIFY(!m_staff.access.isEmpty());
}

void tst_ClientDesk::cannedResponses()
{
    RestClient *staff = restAs(m_server, m_staff, this);
    RestClient *customer = restAs(m_server, m_customer, this);
    CannedRequest create;
    create.title = u"Hello"_s;
    create.shortcut = u"/client-hello"_s;
    create.body = u"Hi {customer_name}, this is {agent_name}."_s;
    auto created = await<CannedResponse>([&](auto done) { staff->createCanned(create, done); });
    QVERIFY2(created, qPrintable(why(created)));
    QCOMPARE(created->shortcut, u"/client-hello"_s);

    auto again = await<CannedResponse>([&](auto done) { staff->createCanned(create, done); });
    QVERIFY(!again);
    QCOMPARE(again.error().code, ErrorCode::Conflict);
    auto refused =
        await<QList<CannedResponse>>([&](auto done) { customer->cannedResponses({}, done); });
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, ErrorCode::Forbidden);

    auto listed = await<QList<CannedResponse>>(
        [&](auto done) { staff->cannedResponses(u"client-"_s, done); });
    QVERIFY2(listed, qPrintable(why(listed)));
    QCOMPARE(listed->size(), 1);
    QCOMPARE(listed->first(), *created);

    const QString room = roomWithStaff(m_server, m_customer, m_staff);
    QVERIFY(!room.isEmpty());
    auto text = await<QString>([&](auto done) { staff->renderCanned(room, created->id, done); });
    QVERIFY2(text, qPrintable(why(text)));
    QCOMPARE(*text,
             u"Hi %1, this is %2."_s.arg(m_customer.user.displayName, m_staff.user.displayName));

    CannedRequest rename;
    rename.title = u"Greeting"_s;
    auto updated =
        await<CannedResponse>([&](auto done) { staff->updateCanned(created->id, rename, done); });
    QVERIFY2(updated, qPrintable(why(updated)));
    QCOMPARE(updated->title, u"Greeting"_s);
    QCOMPARE(updated->body, created->body);
    const Status removed = awaitStatus([&](auto done) { staff->deleteCanned(created->id, done); });
    QVERIFY2(removed, qPrintable(why(removed)));
    auto empty = await<QList<CannedResponse>>(
        [&](auto done) { staff->cannedResponses(u"client-"_s, done); });
    QVERIFY2(empty, qPrintable(why(empty)));
    QVERIFY(empty->isEmpty());
}

void tst_ClientDesk::rateClosedRoom()
{
    RestClient *staff = restAs(m_server, m_staff, this);
    RestClient *customer = restAs(m_server, m_customer, this);
    const QString room = roomWithStaff(m_server, m_customer, m_staff);
    QVERIFY(!room.isEmpty());
    auto early = await<Rating>([&](auto done) { customer->rateRoom(room, {5, {}}, done); });
    QVERIFY(!early);
    QCOMPARE(early.error().code, ErrorCode::Conflict);
    QVERIFY(await<Room>([&](auto done) { staff->closeRoom(room, done); }));
    auto rated = await<Rating>([&](auto done) { customer->rateRoom(room, {4, u"quick"_s}, done); });
    QVERIFY2(rated, qPrintable(why(rated)));
    QCOMPARE(rated->score, 4);
    QCOMPARE(rated->customer.id, m_customer.id());
    auto seen = await<QList<Rating>>([&](auto done) { staff->roomRatings(room, done); });
    QVERIFY2(seen, qPrintable(why(seen)));
    QCOMPARE(seen->size(), 1);
    QCOMPARE(seen->first(), *rated);
    auto invalid = await<Rating>([&](auto done) { customer->rateRoom(room, {9, {}}, done); });
    QVERIFY(!invalid);
    QCOMPARE(invalid.error().code, ErrorCode::ValidationFailed);
    QCOMPARE(invalid.error().field, u"score"_s);
}

void tst_ClientDesk::exportTranscript_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("json") << u"json"_s;
    QTest::newRow("text") << u"text"_s;
}

void tst_ClientDesk::exportTranscript()
{
    QFETCH(QString, format);
    RestClient *staff = restAs(m_server, m_staff, this);
    RestClient *customer = restAs(m_server, m_customer, this);
    const QString room = roomWithStaff(m_server, m_customer, m_staff);
    QVERIFY(!room.isEmpty());
    const QString marker = uniqueName(u"transcript"_s);
    QVERIFY(!postText(m_server, m_customer, room, marker).id.isEmpty());
    QTemporaryDir dir;
    const QString target = dir.filePath(u"out."_s + format);
    const Status saved =
        awaitStatus([&](auto done) { staff->exportTranscript(room, format, target, done); });
    QVERIFY2(saved, qPrintable(why(saved)));
    QFile file(target);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.contains(marker.toUtf8()));
    QCOMPARE(bytes.startsWith("{"), format == u"json");

    const QString refusedTarget = dir.filePath(u"customer."_s + format);
    const Status refused = awaitStatus(
        [&](auto done) { customer->exportTranscript(room, format, refusedTarget, done); });
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, ErrorCode::Forbidden);
    QVERIFY(!QFile::exists(refusedTarget));
}

QTEST_MAIN(tst_ClientDesk)
#include "tst_client_desk.moc"
