// The desktop app's side of assignment and availability (docs/API.md "Assignment and
// availability") against the real parley-server and its WebSocket: assigning a conversation to a
// colleague moves it between both staff's queue filters live, my availability comes from the
// server at login and follows another session, the staff directory of the "Assign to..." picker,
// and the admin's auto-assignment settings (round trip, validation, refused to staff).
#include "ClientTest.h"

#include "desk/DeskSettings.h"
#include "desk/StaffDirectory.h"
#include "models/MessageListModel.h"
#include "models/QueueFilterModel.h"
#include "models/StaffQueueModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>

using namespace Qt::StringLiterals;
using namespace parley;
using namespace parley::test;
using client::QueueFilterModel;

namespace {

// The room ids a filter shows.
QStringList roomsIn(const QueueFilterModel &model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.get(row).value(u"roomId"_s).toString());
    return ids;
}
} // namespace

class tst_ClientAssign : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup() { m_server.dumpLogIfFailed(); }
    void assignToColleagueMovesTheRoomLive();
    void headerFollowsTheAssignee();
    void availabilityFromServerAndOtherSession();
    void staffDirectoryListsColleaguesLive();
    void deskSettingsRoundTripAndValidation();
    void deskSettingsRefusedToStaff();

private:
    TestServer m_server;
    test::Session m_customer;
    test::Session m_amy;   // staff
    test::Session m_ben;   // staff
    test::Session m_admin; // admin
};

void tst_ClientAssign::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_customer = m_server.createUser(uniqueName(u"cust"_s), u"customer"_s);
    m_amy = m_server.createUser(uniqueName(u"amy"_s), u"staff"_s);
    m_ben = m_server.createUser(uniqueName(u"ben"_s), u"staff"_s);
    m_admin = m_server.createUser(uniqueName(u"root"_s), u"admin"_s);
    QVERIFY(!m_admin.access.isEmpty());
}

void tst_ClientAssign::assignToColleagueMovesTheRoomLive()
{
    ClientApp amy(m_server);
    ClientApp ben(m_server);
    QVERIFY(amy.login(m_amy.user.username));
    QVERIFY(ben.login(m_ben.user.username));
    QVERIFY(amy.waitOnline());
    QVERIFY(ben.waitOnline());

    QueueFilterModel amyMine;
    amyMine.setSourceModel(amy->staffQueue());
    amyMine.setFilter(QueueFilterModel::Mine);
    QAbstractItemModelTester amyTester(&amyMine, kModelTesterMode);
    QueueFilterModel benMine;
    benMine.setSourceModel(ben->staffQueue());
    benMine.setFilter(QueueFilterModel::Mine);
    QAbstractItemModelTester benTester(&benMine, kModelTesterMode);
    QueueFilterModel benUnassigned;
    benUnassigned.setSourceModel(ben->staffQueue());
    benUnassigned.setFilter(QueueFilterModel::Unassigned);

    // A customer asks: the room waits, unassigned, in both consoles.
    RestClient *customer = restAs(m_server, m_customer, this);
    auto room = await<Room>([&](auto done) { customer->createRoom(CreateRoomRequest{}, done); });
    QVERIFY2(room, qPrintable(why(room)));
    QTRY_VERIFY(roomsIn(benUnassigned).contains(room->id));
    QVERIFY(!roomsIn(amyMine).contains(room->id));

    // Amy takes it: hers, no longer in Ben's unassigned.
    amy->takeRoom(room->id);
    QTRY_VERIFY(roomsIn(amyMine).contains(room->id));
    QTRY_VERIFY(!roomsIn(benUnassigned).contains(room->id));
    QVERIFY(!roomsIn(benMine).contains(room->id));
    const int amyMineBefore = amyMine.mineCount();

    // Amy transfers it to Ben: it leaves her Mine and enters his, live on both sides.
    QSignalSpy errors(amy.state(), &client::AppState::errorOccurred);
    amy->assignRoom(room->id, m_ben.id());
    QTRY_VERIFY(roomsIn(benMine).contains(room->id));
    QTRY_VERIFY(!roomsIn(amyMine).contains(room->id));
    QCOMPARE(amyMine.mineCount(), amyMineBefore - 1);
    QVERIFY(errors.isEmpty());
    // Amy still follows it (she stays a member): in her All, assigned to Ben.
    QueueFilterModel amyAll;
    amyAll.setSourceModel(amy->staffQueue());
    QVERIFY(roomsIn(amyAll).contains(room->id));
    QCOMPARE(amyAll.allCount(), amyAll.rowCount());
    const int row = int(roomsIn(amyAll).indexOf(room->id));
    QCOMPARE(amyAll.get(row).value(u"assigneeName"_s).toString(), m_ben.user.displayName);

    // No longer hers: Amy cannot take it back; the server's refusal reaches the app.
    amy->assignRoom(room->id, m_amy.id());
    QTRY_COMPARE(errors.size(), 1);
    QVERIFY(!errors.first().first().toString().isEmpty());

    // Ben closes it: it leaves his filters and counts.
    const int benMineBefore = benMine.mineCount();
    ben->closeRoom(room->id);
    QTRY_VERIFY(!roomsIn(benMine).contains(room->id));
    QCOMPARE(benMine.mineCount(), benMineBefore - 1);
}

void tst_ClientAssign::headerFollowsTheAssignee()
{
    ClientApp amy(m_server);
    QVERIFY(amy.loginOnline(m_amy.user.username));
    const QString room = roomWithStaff(m_server, m_customer, m_amy);
    QVERIFY(!room.isEmpty());
    client::MessageListModel messages;
    messages.setRoomId(room);
    auto assigneeName = [&] { return messages.room().value(u"assigneeName"_s).toString(); };
    QTRY_COMPARE(messages.room().value(u"id"_s).toString(), room);
    QCOMPARE(assigneeName(), QString());

    // An admin elsewhere assigns Ben, then unassigns (no membership change: only the
    // `room_assigned` frame says so).
    RestClient *admin = restAs(m_server, m_admin, this);
    QVERIFY(await<Room>([&](auto done) { admin->assignRoom(room, m_ben.id(), done); }));
    QTRY_COMPARE(assigneeName(), m_ben.user.displayName);
    QCOMPARE(messages.room().value(u"assigneeId"_s).toString(), m_ben.id());
    QVERIFY(await<Room>([&](auto done) { admin->assignRoom(room, QString(), done); }));
    QTRY_COMPARE(assigneeName(), QString());
}

void tst_ClientAssign::availabilityFromServerAndOtherSession()
{
    const test::Session cleo = m_server.createUser(uniqueName(u"cleo"_s), u"staff"_s);
    RestClient *otherSession = restAs(m_server, cleo, this);
    QVERIFY(await<StaffState>([&](auto done) { otherSession->setAvailability(true, done); }));

    // Away before the app started: the app shows it from the server, not its local default.
    ClientApp app(m_server);
    QVERIFY(!app->isAway());
    QVERIFY(app.login(cleo.user.username));
    QTRY_VERIFY(app->isAway());
    QVERIFY(app.waitOnline());

    // Another session of the same user switches: the `availability` frame brings it here.
    QSignalSpy changed(app.state(), &client::AppState::awayChanged);
    QVERIFY(await<StaffState>([&](auto done) { otherSession->setAvailability(false, done); }));
    QTRY_VERIFY(!app->isAway());
    QCOMPARE(changed.size(), 1);
    QVERIFY(await<StaffState>([&](auto done) { otherSession->setAvailability(true, done); }));
    QTRY_VERIFY(app->isAway());

    // A colleague's switch is not mine.
    RestClient *amy = restAs(m_server, m_amy, this);
    QVERIFY(await<StaffState>([&](auto done) { amy->setAvailability(false, done); }));
    QVERIFY(await<StaffState>([&](auto done) { otherSession->setAvailability(false, done); }));
    QTRY_VERIFY(!app->isAway());
    const int before = int(changed.size());
    QVERIFY(await<StaffState>([&](auto done) { amy->setAvailability(true, done); }));
    QVERIFY(await<StaffState>([&](auto done) { amy->setAvailability(false, done); }));
    // Frames arrive in order: once mine is here, Amy's two came before it and changed nothing.
    QVERIFY(await<StaffState>([&](auto done) { otherSession->setAvailability(true, done); }));
    QTRY_VERIFY(app->isAway());
    QCOMPARE(int(changed.size()), before + 1);
}

void tst_ClientAssign::staffDirectoryListsColleaguesLive()
{
    ClientApp amy(m_server);
    QVERIFY(amy.loginOnline(m_amy.user.username));
    client::StaffDirectory directory(amy.state(), nullptr);
    QSignalSpy changed(&directory, &client::StaffDirectory::staffChanged);
    directory.setActive(true);
    QTRY_VERIFY(!directory.entry(m_ben.id()).isEmpty());
    QCOMPARE(directory.capacity(), 5); // the server's default
    QVariantMap ben = directory.entry(m_ben.id());
    QCOMPARE(ben.value(u"displayName"_s).toString(), m_ben.user.displayName);
    QCOMPARE(ben.value(u"isSelf"_s).toBool(), false);
    QVERIFY(directory.entry(m_amy.id()).value(u"isSelf"_s).toBool());
    QVERIFY(directory.entry(m_amy.id()).value(u"online"_s).toBool());
    QVERIFY(!directory.entry(m_admin.id()).isEmpty()); // admins can be assigned too
    QVERIFY(directory.entry(m_customer.id()).isEmpty());

    // Ben goes away elsewhere: the frame updates the open picker without a reload.
    RestClient *benRest = restAs(m_server, m_ben, this);
    QVERIFY(await<StaffState>([&](auto done) { benRest->setAvailability(true, done); }));
    QTRY_VERIFY(directory.entry(m_ben.id()).value(u"away"_s).toBool());
    QVERIFY(await<StaffState>([&](auto done) { benRest->setAvailability(false, done); }));
    QTRY_VERIFY(!directory.entry(m_ben.id()).value(u"away"_s).toBool());

    // An assignment anywhere updates the loads of an open picker.
    const int load = directory.entry(m_ben.id()).value(u"openAssigned"_s).toInt();
    const QString room = roomWithStaff(m_server, m_customer, m_amy);
    QVERIFY(!room.isEmpty());
    RestClient *amyRest = restAs(m_server, m_amy, this);
    QVERIFY(await<Room>([&](auto done) { amyRest->assignRoom(room, m_ben.id(), done); }));
    QTRY_COMPARE(directory.entry(m_ben.id()).value(u"openAssigned"_s).toInt(), load + 1);
}

void tst_ClientAssign::deskSettingsRoundTripAndValidation()
{
    ClientApp admin(m_server);
    QVERIFY(admin.login(m_admin.user.username));
    client::DeskSettings settings(admin.state(), nullptr);
    settings.load();
    QTRY_VERIFY(settings.isLoaded());
    QCOMPARE(settings.autoAssign(), false);
    QCOMPARE(settings.capacity(), 5);

    QSignalSpy saved(&settings, &client::DeskSettings::saved);
    settings.save(false, 7);
    QTRY_COMPARE(saved.size(), 1);
    QCOMPARE(settings.capacity(), 7);
    QVERIFY(settings.error().isEmpty());
    // Stored on the server: a fresh reader and the staff directory see it.
    client::DeskSettings again(admin.state(), nullptr);
    again.load();
    QTRY_VERIFY(again.isLoaded());
    QCOMPARE(again.capacity(), 7);
    client::StaffDirectory directory(admin.state(), nullptr);
    directory.refresh();
    QTRY_COMPARE(directory.capacity(), 7);

    // Out of range: the server's validation error, the stored values unchanged.
    settings.save(false, 0);
    QTRY_VERIFY(!settings.error().isEmpty());
    QCOMPARE(settings.errorField(), u"capacity"_s);
    QCOMPARE(settings.capacity(), 7);
    QCOMPARE(saved.size(), 1);
    settings.save(false, 5);
    QTRY_COMPARE(saved.size(), 2);
    QVERIFY(settings.error().isEmpty()); // a good save clears the error
    QCOMPARE(settings.capacity(), 5);
}

void tst_ClientAssign::deskSettingsRefusedToStaff()
{
    ClientApp amy(m_server);
    QVERIFY(amy.login(m_amy.user.username));
    client::DeskSettings settings(amy.state(), nullptr);
    settings.load();
    QTRY_VERIFY(!settings.error().isEmpty());
    QCOMPARE(settings.error(), u"Admins only"_s);
    QVERIFY(!settings.isLoaded());
    settings.save(true, 9);
    QTRY_VERIFY(!settings.isBusy());
    QVERIFY(!settings.isLoaded());
}

QTEST_MAIN(tst_ClientAssign)
#include "tst_client_assign.moc"
