// The QML list models, each under QAbstractItemModelTester, driven by the real server: rooms by
// activity with unread, preview, typing, mute and archive; a conversation with paging, ticks,
// replies, edits and deletions in place; the staff queue, online staff; the admin models.
#include "ClientTest.h"

#include "models/MessageListModel.h"
#include "models/OnlineStaffModel.h"
#include "models/ReportListModel.h"
#include "models/RoomListModel.h"
#include "models/SearchResultModel.h"
#include "models/StaffQueueModel.h"
#include "models/UserAdminModel.h"
#include "realtime/RealtimeClient.h"
#include "session/Session.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>

using namespace Qt::StringLiterals;
using namespace parley;
using namespace parley::test;
using namespace parley::client;

class tst_ClientModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup() { m_server.dumpLogIfFailed(); }

    void roomList();
    void messageList();
    void staffConsole();
    void admin();
    void search();

private:
    client::ApiClient *api(const test::Session &as);
    std::unique_ptr<RealtimeClient> socketOf(const test::Session &as);

    TestServer m_server;
};

void tst_ClientModels::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
}

client::ApiClient *tst_ClientModels::api(const test::Session &as)
{
    return restAs(m_server, as, this);
}

std::unique_ptr<RealtimeClient> tst_ClientModels::socketOf(const test::Session &as)
{
    auto rt = std::make_unique<RealtimeClient>();
    rt->setServerUrl(m_server.baseUrl());
    rt->setAccessToken(as.access);
    rt->start();
    if (!QTest::qWaitFor([&] { return rt->isSynced(); }, 15000))
        QTest::qFail("the helper socket did not come online", __FILE__, __LINE__);
    return rt;
}

void tst_ClientModels::roomList()
{
    const auto customer = m_server.createUser(uniqueName(u"lc"_s), u"customer"_s);
    const auto staff = m_server.createUser(uniqueName(u"ls"_s), u"staff"_s);
    ClientApp app(m_server);
    QVERIFY(app.loginOnline(customer.username()));
    RoomListModel *rooms = app->rooms();
    QAbstractItemModelTester tester(rooms, kModelTesterMode);
    QSignalSpy opened(app.state(), &AppState::roomOpened);
    QSignalSpy arrived(app.state(), &AppState::messageArrived);

    app->createSupportRoom(u"First"_s);
    QTRY_COMPARE(opened.size(), 1);
    const QString first = opened.at(0).at(0).toString();
    QTest::qWait(20); // distinct creation times
    app->createSupportRoom(u"Second"_s);
    QTRY_COMPARE(opened.size(), 2);
    const QString second = opened.at(1).at(0).toString();
    QCOMPARE(rooms->count(), 2);
    QCOMPARE(roleAt(rooms, 0, "title").toString(), u"Second"_s); // newest activity first
    QCOMPARE(roleAt(rooms, 0, "waitingSince").toDateTime().isValid(), true);

    // Staff joins the first and writes: it moves to the top with unread and a preview.
    QVERIFY(await<Room>([&](auto done) { api(staff)->joinRoom(first, done); }));
    postText(m_server, staff, first, u"Hello, how can I help?"_s);
    QTRY_COMPARE(roleAt(rooms, 0, "roomId").toString(), first);
    QTRY_COMPARE(roleAt(rooms, 0, "unreadCount").toInt(), 2); // the join notice and the text
    QCOMPARE(roleAt(rooms, 0, "preview").toString(), u"Hello, how can I help?"_s);
    QCOMPARE(roleAt(rooms, 0, "previewSender").toString(), staff.user.displayName);
    QVERIFY(!roleAt(rooms, 0, "waitingSince").toDateTime().isValid());
    QCOMPARE(app->unreadTotal(), 2);
    QCOMPARE(app->windowTitle(), u"(2) Parley"_s);
    QTRY_VERIFY(!arrived.isEmpty());
    const auto last = arrived.last();
    QCOMPARE(last.at(0).toString(), first);
    QCOMPARE(last.at(1).toString(), u"First"_s);
    QCOMPARE(last.at(2).toString(), staff.user.displayName);
    QCOMPARE(last.at(3).toString(), u"Hello, how can I help?"_s);

    auto staffSocket = socketOf(staff);
    staffSocket->sendTyping(first, true);
    QTRY_COMPARE(roleAt(rooms, 0, "typingText").toString(),
                 staff.user.displayName + u" is typing…"_s);
    staffSocket->sendTyping(first, false);
    QTRY_COMPARE(roleAt(rooms, 0, "typingText").toString(), QString());

    app->setMuted(first, true);
    QTRY_VERIFY(roleAt(rooms, 0, "muted").toBool());
    QCOMPARE(app->unreadTotal(), 0);
    QCOMPARE(app->windowTitle(), u"Parley"_s);

    app->setArchived(second, true);
    QTRY_COMPARE(rooms->count(), 1);
    QCOMPARE(rooms->indexOf(second), -1);
    QVERIFY(rooms->get(second).value(u"archived"_s).toBool());
    rooms->setShowArchived(true);
    QCOMPARE(rooms->count(), 1);
    QCOMPARE(roleAt(rooms, 0, "roomId").toString(), second);
    rooms->setShowArchived(false);

    // Closed by staff: the row says so.
    QVERIFY(await<Room>([&](auto done) { api(staff)->closeRoom(first, done); }));
    QTRY_VERIFY(roleAt(rooms, rooms->indexOf(first), "closed").toBool());
}

void tst_ClientModels::messageList()
{
    const auto customer = m_server.createUser(uniqueName(u"mc"_s), u"customer"_s);
    const auto staff = m_server.createUser(uniqueName(u"ms"_s), u"staff"_s);
    auto room =
        await<Room>([&](auto done) { api(customer)->createRoom(CreateRoomRequest{}, done); });
    QVERIFY(room);
    QVERIFY(await<Room>([&](auto done) { api(staff)->joinRoom(room->id, done); }));
    Message lastStaff;
    for (int i = 1; i <= 60; ++i)
        lastStaff = postText(m_server, staff, room->id, u"staff line %1"_s.arg(i));
    QCOMPARE(lastStaff.seq, qint64(61)); // after the join notice

    ClientApp app(m_server);
    QVERIFY(app.loginOnline(customer.username()));
    MessageListModel messages;
    QAbstractItemModelTester tester(&messages, kModelTesterMode);
    QSignalSpy older(&messages, &MessageListModel::olderLoaded);
    messages.setRoomId(room->id);
    QTRY_COMPARE(messages.count(), 50);
    QVERIFY(messages.hasMore());
    QCOMPARE(messages.get(49).value(u"seq"_s).toLongLong(), qint64(61));
    QCOMPARE(messages.get(49).value(u"deliveryState"_s).toInt(), int(MessageListModel::NotMine));
    QCOMPARE(messages.room().value(u"isMember"_s).toBool(), true);
    messages.loadOlder();
    QTRY_COMPARE(older.size(), 1);
    QCOMPARE(older.first().first().toInt(), 11);
    QCOMPARE(messages.count(), 61);
    QVERIFY(!messages.hasMore());
    QCOMPARE(messages.get(0).value(u"isSystem"_s).toBool(), true);
    QCOMPARE(messages.get(1).value(u"content"_s).toString(), u"staff line 1"_s);

    // Reading while active marks the room read.
    messages.setActive(true);
    QTRY_COMPARE(app->rooms()->room(room->id)->unreadCount, qint64(0));

    // A reply of mine: pending, then sent, then read when staff reads it.
    QVERIFY(messages.sendText(u"thanks!"_s, lastStaff.id));
    const int mine = messages.count() - 1;
    QCOMPARE(messages.get(mine).value(u"isMine"_s).toBool(), true);
    QCOMPARE(messages.get(mine).value(u"replyToPreview"_s).toString(), u"staff line 60"_s);
    QCOMPARE(messages.get(mine).value(u"replyToSender"_s).toString(), staff.user.displayName);
    QTRY_COMPARE(messages.get(mine).value(u"deliveryState"_s).toInt(), int(MessageListModel::Sent));
    const QString myId = messages.get(mine).value(u"messageId"_s).toString();
    const qint64 mySeq = messages.get(mine).value(u"seq"_s).toLongLong();
    QCOMPARE(mySeq, qint64(62));
    auto staffSocket = socketOf(staff);
    QVERIFY(staffSocket->sendDelivered(room->id, mySeq));
    QTRY_COMPARE(messages.get(mine).value(u"deliveryState"_s).toInt(),
                 int(MessageListModel::Delivered));
    QVERIFY(staffSocket->sendRead(room->id, mySeq));
    QTRY_COMPARE(messages.get(mine).value(u"deliveryState"_s).toInt(), int(MessageListModel::Read));

    // Typing, then edits and deletions in place.
    staffSocket->sendTyping(room->id, true);
    QTRY_COMPARE(messages.typingText(), staff.user.displayName + u" is typing…"_s);
    const int rows = messages.count();
    messages.editMessage(myId, u"thanks a lot!"_s);
    QTRY_COMPARE(messages.get(mine).value(u"content"_s).toString(), u"thanks a lot!"_s);
    QVERIFY(messages.get(mine).value(u"edited"_s).toBool());
    QVERIFY(await<Message>([&](auto done) { api(staff)->deleteMessage(lastStaff.id, done); }));
    const int staffRow = messages.indexOfMessage(lastStaff.id);
    QTRY_VERIFY(messages.get(staffRow).value(u"deleted"_s).toBool());
    QCOMPARE(messages.get(staffRow).value(u"content"_s).toString(), QString());
    QCOMPARE(messages.count(), rows);
    staffSocket->sendTyping(room->id, false);
    QTRY_COMPARE(messages.typingText(), QString());
}

void tst_ClientModels::staffConsole()
{
    const auto staff = m_server.createUser(uniqueName(u"cs"_s), u"staff"_s);
    const auto other = m_server.createUser(uniqueName(u"co"_s), u"staff"_s);
    const auto customer = m_server.createUser(uniqueName(u"cc"_s), u"customer"_s);
    ClientApp app(m_server);
    QVERIFY(app.loginOnline(staff.username()));
    StaffQueueModel *queue = app->staffQueue();
    OnlineStaffModel *online = app->onlineStaff();
    QAbstractItemModelTester queueTester(queue, kModelTesterMode);
    QAbstractItemModelTester onlineTester(online, kModelTesterMode);
    StaffQueueModel allOpen;
    QAbstractItemModelTester allTester(&allOpen, kModelTesterMode);
    allOpen.setScope(StaffQueueModel::AllOpen);

    CreateRoomRequest req;
    req.subject = u"Where is my order?"_s;
    auto room = await<Room>([&](auto done) { api(customer)->createRoom(req, done); });
    QVERIFY(room);
    QTRY_VERIFY(rowWhere(queue, "roomId", room->id) >= 0);
    int row = rowWhere(queue, "roomId", room->id);
    QVERIFY(roleAt(queue, row, "isWaiting").toBool());
    QCOMPARE(roleAt(queue, row, "section").toString(), u"Waiting"_s);
    QCOMPARE(roleAt(queue, row, "customerName").toString(), customer.user.displayName);
    QVERIFY(roleAt(queue, row, "waitingSince").toDateTime().isValid());
    QVERIFY(queue->waitingCount() >= 1);
    allOpen.refresh();
    QTRY_VERIFY(rowWhere(&allOpen, "roomId", room->id) >= 0);

    QSignalSpy opened(app.state(), &AppState::roomOpened);
    queue->join(room->id);
    QTRY_COMPARE(opened.size(), 1);
    QCOMPARE(opened.first().first().toString(), room->id);
    QTRY_VERIFY(rowWhere(queue, "roomId", room->id) >= 0 &&
                roleAt(queue, rowWhere(queue, "roomId", room->id), "isMine").toBool());
    row = rowWhere(queue, "roomId", room->id);
    QVERIFY(!roleAt(queue, row, "isWaiting").toBool());
    QCOMPARE(roleAt(queue, row, "section").toString(), u"Mine"_s);
    QTRY_VERIFY(app->rooms()->room(room->id).has_value());

    // Online staff: me, then a colleague while connected.
    QTRY_VERIFY(rowWhere(online, "userId", staff.id()) >= 0);
    QVERIFY(roleAt(online, rowWhere(online, "userId", staff.id()), "isSelf").toBool());
    {
        auto colleague = socketOf(other);
        QTRY_VERIFY(rowWhere(online, "userId", other.id()) >= 0);
        colleague->stop();
    }
    QTRY_COMPARE(rowWhere(online, "userId", other.id()), -1);

    // Closing takes it out of the console lists.
    app->closeRoom(room->id);
    QTRY_COMPARE(rowWhere(queue, "roomId", room->id), -1);
}

void tst_ClientModels::admin()
{
    const auto admin = m_server.createUser(uniqueName(u"ad"_s), u"admin"_s);
    const auto customer = m_server.createUser(uniqueName(u"ac"_s), u"customer"_s);
    auto room =
        await<Room>([&](auto done) { api(customer)->createRoom(CreateRoomRequest{}, done); });
    QVERIFY(room);
    const Message bad = postText(m_server, customer, room->id, u"something rude"_s);
    QVERIFY(awaitStatus([&](auto done) { api(customer)->reportMessage(bad.id, u"rude"_s, done); }));

    ClientApp app(m_server);
    QVERIFY(app.login(admin.username()));

    UserAdminModel users;
    QAbstractItemModelTester usersTester(&users, kModelTesterMode);
    QSignalSpy created(&users, &UserAdminModel::userCreated);
    QSignalSpy errors(&users, &UserAdminModel::errorOccurred);
    const QString name = uniqueName(u"adminmade"_s);
    users.setQuery(name);
    QTRY_VERIFY(!users.isLoading());
    users.createUser(name, u"password-123"_s, u"Made By Admin"_s, u"staff"_s);
    QTRY_COMPARE(created.size(), 1);
    QTRY_COMPARE(users.count(), 1);
    QCOMPARE(roleAt(&users, 0, "role").toString(), u"staff"_s);
    QCOMPARE(roleAt(&users, 0, "displayName").toString(), u"Made By Admin"_s);
    const QString id = roleAt(&users, 0, "userId").toString();
    users.setRole(id, u"admin"_s);
    QTRY_COMPARE(roleAt(&users, 0, "role").toString(), u"admin"_s);
    users.setBlocked(id, true);
    QTRY_VERIFY(roleAt(&users, 0, "blocked").toBool());
    users.createUser(name, u"password-123"_s, u"Again"_s, u"staff"_s); // taken
    QTRY_COMPARE(errors.size(), 1);

    ReportListModel reports;
    QAbstractItemModelTester reportsTester(&reports, kModelTesterMode);
    reports.refresh();
    QTRY_VERIFY(rowWhere(&reports, "messageId", bad.id) >= 0);
    const int row = rowWhere(&reports, "messageId", bad.id);
    QCOMPARE(roleAt(&reports, row, "reason").toString(), u"rude"_s);
    QCOMPARE(roleAt(&reports, row, "reporterName").toString(), customer.user.displayName);
    QCOMPARE(roleAt(&reports, row, "messageContent").toString(), u"something rude"_s);
    reports.deleteMessage(bad.id);
    QTRY_VERIFY(roleAt(&reports, row, "messageDeleted").toBool());

    QSignalSpy stats(app.state(), &AppState::statsChanged);
    app->refreshStats();
    QTRY_COMPARE(stats.size(), 1);
    QVERIFY(app->stats().value(u"users"_s).toLongLong() >= 3);
    QVERIFY(app->stats().contains(u"messagesTotal"_s));
}

void tst_ClientModels::search()
{
    const auto staff = m_server.createUser(uniqueName(u"ss"_s), u"staff"_s);
    const auto customer = m_server.createUser(uniqueName(u"sc"_s), u"customer"_s);
    auto room =
        await<Room>([&](auto done) { api(customer)->createRoom(CreateRoomRequest{}, done); });
    QVERIFY(room);
    postText(m_server, customer, room->id, u"my parcel never arrived"_s);
    auto probe =
        await<QList<Message>>([&](auto done) { api(staff)->search(u"parcel"_s, {}, 5, done); });
    if (!probe && probe.error().code == ErrorCode::NotFound)
        QSKIP("this server has no /api/chat/search/ yet (attachments and search branch)");

    ClientApp app(m_server);
    QVERIFY(app.login(staff.username()));
    SearchResultModel results;
    QAbstractItemModelTester tester(&results, kModelTesterMode);
    results.setQuery(u"parcel"_s);
    QTRY_VERIFY(rowWhere(&results, "roomId", room->id) >= 0);
    const int row = rowWhere(&results, "roomId", room->id);
    QCOMPARE(roleAt(&results, row, "senderName").toString(), customer.user.displayName);
    results.setQuery(QString());
    QTRY_COMPARE(results.count(), 0);
}

QTEST_MAIN(tst_ClientModels)
#include "tst_client_models.moc"
