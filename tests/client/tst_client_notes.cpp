// The desktop client's side of private staff notes (issue 9), against the real parley-server:
// a note added through one staff member's NoteListModel shows in a colleague's model live (the
// `note` frame, no reload) and once only in the author's; the customer of the room never gets
// it (no frame, no message, no unread); the server's validation message reaches errorOccurred.
#include "ClientTest.h"

#include "models/MessageListModel.h"
#include "models/NoteListModel.h"
#include "models/RoomListModel.h"
#include "realtime/RealtimeClient.h"

#include "protocol/Validation.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>

using namespace Qt::StringLiterals;
using namespace parley;
using namespace parley::test;
using client::MessageListModel;
using client::NoteListModel;
using client::RealtimeClient;

namespace {

// Points `notes` at the room and waits for the server's answer (reset, then the list).
bool loaded(NoteListModel &notes, const QString &roomId)
{
    QSignalSpy changed(&notes, &NoteListModel::notesChanged);
    notes.setRoomId(roomId);
    return QTest::qWaitFor([&] { return changed.size() >= 2; }, 15000);
}

qint64 unreadOf(const ClientApp &app, const QString &roomId)
{
    return app->rooms()->get(roomId).value(u"unreadCount"_s).toLongLong();
}

} // namespace

class tst_ClientNotes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup() { m_server.dumpLogIfFailed(); }
    void noteReachesColleagueLiveNotCustomer();
    void invalidNoteGivesServersMessage_data();
    void invalidNoteGivesServersMessage();

private:
    TestServer m_server;
    test::Session m_customer;
    test::Session m_staffA;
    test::Session m_staffB;
};

void tst_ClientNotes::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_customer = m_server.createUser(uniqueName(u"cust"_s), u"customer"_s);
    m_staffA = m_server.createUser(uniqueName(u"staffa"_s), u"staff"_s);
    m_staffB = m_server.createUser(uniqueName(u"staffb"_s), u"staff"_s);
    QVERIFY(!m_staffB.access.isEmpty());
}

void tst_ClientNotes::noteReachesColleagueLiveNotCustomer()
{
    const QString room = roomWithStaff(m_server, m_customer, m_staffA);
    QVERIFY(!room.isEmpty());
    RestClient *restB = restAs(m_server, m_staffB, this);
    QVERIFY(await<Room>([&](auto done) { restB->joinRoom(room, done); }));

    // Models bind to the newest AppState: each is made right after its app.
    ClientApp appA(m_server);
    QVERIFY(appA.loginOnline(m_staffA.username()));
    NoteListModel notesA;
    QAbstractItemModelTester testerA(&notesA);
    QVERIFY(loaded(notesA, room));
    QCOMPARE(notesA.count(), 0);

    ClientApp appB(m_server);
    QVERIFY(appB.loginOnline(m_staffB.username()));
    NoteListModel notesB;
    QAbstractItemModelTester testerB(&notesB);
    QVERIFY(loaded(notesB, room));
    QCOMPARE(notesB.count(), 0);

    ClientApp customerApp(m_server);
    QVERIFY(customerApp.loginOnline(m_customer.username()));
    MessageListModel customerMessages;
    customerMessages.setRoomId(room);
    QTRY_VERIFY(!customerMessages.isLoading() && customerMessages.isMember());
    NoteListModel customerNotes; // a customer's model never asks and stays empty
    customerNotes.setRoomId(room);
    QSignalSpy customerFrames(customerApp->realtime(), &RealtimeClient::noteReceived);
    QSignalSpy customerErrors(&customerNotes, &NoteListModel::errorOccurred);
    QTRY_VERIFY(customerApp->rooms()->indexOf(room) >= 0);
    const int customerRows = customerMessages.count();
    const qint64 customerUnread = unreadOf(customerApp, room);

    // Staff A adds a note through the model.
    QSignalSpy framesA(appA->realtime(), &RealtimeClient::noteReceived);
    QSignalSpy added(&notesA, &NoteListModel::added);
    QSignalSpy errorsA(&notesA, &NoteListModel::errorOccurred);
    const QString text = uniqueName(u"prefers email, VIP since 2019"_s);
    notesA.add(text);
    QVERIFY(notesA.isBusy());
    QTRY_COMPARE(added.size(), 1);
    QVERIFY(errorsA.isEmpty());
    QVERIFY(!notesA.isBusy());
    QCOMPARE(notesA.count(), 1);
    // The author's own frame comes too: matched by id, not listed twice.
    QTRY_COMPARE(framesA.size(), 1);
    QCOMPARE(notesA.count(), 1);

    // Live on staff B's side: only the `note` frame can bring it (no reload happened).
    QTRY_COMPARE(notesB.count(), 1);
    QCOMPARE(roleAt(&notesB, 0, "content").toString(), text);
    QCOMPARE(roleAt(&notesB, 0, "authorName").toString(), m_staffA.user.displayName);
    QCOMPARE(roleAt(&notesB, 0, "authorId").toString(), m_staffA.user.id);
    QCOMPARE(roleAt(&notesB, 0, "noteId").toString(), roleAt(&notesA, 0, "noteId").toString());
    QVERIFY(roleAt(&notesB, 0, "createdAt").toDateTime().isValid());

    // The customer: a message staff A posts after the note arrives on the same socket; by then a
    // note frame would have come before it. None did, and the note is no message and no unread.
    const QString after = uniqueName(u"a word to the customer"_s);
    QVERIFY(!postText(m_server, m_staffA, room, after).id.isEmpty());
    QTRY_COMPARE(customerMessages.count(), customerRows + 1);
    QCOMPARE(customerMessages.get(customerRows).value(u"content"_s).toString(), after);
    QTRY_COMPARE(unreadOf(customerApp, room), customerUnread + 1);
    QCOMPARE(customerFrames.size(), 0);
    QCOMPARE(customerNotes.count(), 0);
    QVERIFY(customerErrors.isEmpty());

    // Staff B's note reaches A live; a reload lists both, oldest first, from the server.
    notesB.add(u"second"_s);
    QTRY_COMPARE(notesA.count(), 2);
    QCOMPARE(roleAt(&notesA, 1, "authorName").toString(), m_staffB.user.displayName);
    QSignalSpy reloadedA(&notesA, &NoteListModel::notesChanged);
    notesA.reload();
    QTRY_COMPARE(reloadedA.size(), 1);
    QCOMPARE(notesA.count(), 2);
    QCOMPARE(roleAt(&notesA, 0, "content").toString(), text);
    QCOMPARE(roleAt(&notesA, 1, "content").toString(), u"second"_s);
    QCOMPARE(notesB.count(), 2);
}

void tst_ClientNotes::invalidNoteGivesServersMessage_data()
{
    QTest::addColumn<QString>("content");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << QString() << u"content must not be empty"_s;
    QTest::newRow("blank") << u"  \n\t "_s << u"content must not be blank"_s;
    QTest::newRow("too long") << QString(validation::kTextMax + 1, u'x')
                              << u"content must be at most %1 characters"_s.arg(
                                     validation::kTextMax);
}

void tst_ClientNotes::invalidNoteGivesServersMessage()
{
    QFETCH(QString, content);
    QFETCH(QString, message);
    const QString room = roomWithStaff(m_server, m_customer, m_staffA);
    QVERIFY(!room.isEmpty());
    ClientApp app(m_server);
    QVERIFY(app.login(m_staffA.username()));
    NoteListModel notes;
    QVERIFY(loaded(notes, room));

    QSignalSpy added(&notes, &NoteListModel::added);
    QSignalSpy refused(&notes, &NoteListModel::errorOccurred);
    notes.add(content);
    QTRY_COMPARE(refused.size(), 1);
    QCOMPARE(refused.first().first().toString(), message);
    QCOMPARE(added.size(), 0);
    QCOMPARE(notes.count(), 0);
    QVERIFY(!notes.isBusy());
}

QTEST_MAIN(tst_ClientNotes)
#include "tst_client_notes.moc"
