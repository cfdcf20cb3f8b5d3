// End-to-end tests of the room endpoints (PROTOCOL.md "Rooms and messages", docs/API.md "Rooms").
#include "ApiTest.h"

#include <QDateTime>
#include <QSet>
#include <QUrl>

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QSet<QString> idSet(const QJsonArray &rooms)
{
    const QStringList ids = idsOf(rooms);
    return QSet<QString>(ids.cbegin(), ids.cend());
}

QString setText(const QSet<QString> &ids)
{
    QStringList sorted(ids.cbegin(), ids.cend());
    sorted.sort();
    return sorted.join(u", "_s);
}

} // namespace

class tst_RoomsApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void createSupportRoom();
    void createWithoutSubject_data();
    void createWithoutSubject();
    void createOrderRoom();
    void createDirectRoom();
    void createGroupRoom();
    void createValidation_data();
    void createValidation();

    void listOrderedByActivity();
    void listFilters_data();
    void listFilters();
    void listPaging();
    void listScopeAll();

    void getRoom();
    void join();
    void leave();
    void closeAndReopen();
    void muteAndArchive();
    void markRead();
    void unreadCount();
    void activeRooms();

private:
    Session customer(const char *prefix);
    QJsonArray listRooms(const Session &as, const QString &query = {});
    QJsonArray activeRoomsOf(const Session &as);
    QJsonObject lastMessage(const Session &as, const QString &roomId);

    TestServer m_server;
    ApiClient m_api{&m_server};
    Session m_staff;
    Session m_staff2;
    Session m_admin;
    Session m_customer; // the caller of the createValidation rows
    // listFilters: one customer's rooms, by name
    Session m_filterUser;
    QHash<QString, QString> m_filterRooms;
};

void tst_RoomsApi::initTestCase()
{
    const auto dumpLog = qScopeGuard([this] { m_server.dumpLogIfFailed(); });
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_staff = m_server.createUser(uniqueName(u"staff"_s), u"staff"_s);
    m_staff2 = m_server.createUser(uniqueName(u"staff"_s), u"staff"_s);
    m_admin = m_server.createUser(uniqueName(u"admin"_s), u"admin"_s);
    m_customer = m_api.registerUser(uniqueName(u"cust"_s));
    RETURN_IF_FAILED();

    // The listFilters fixture: an open support room, a closed one, an order room and an archived
    // support room, all of one customer.
    m_filterUser = m_api.registerUser(uniqueName(u"filter"_s));
    RETURN_IF_FAILED();
    m_filterRooms.insert(u"open"_s, openSupportRoom(m_api, m_filterUser, u"open"_s));
    m_filterRooms.insert(u"closed"_s, openSupportRoom(m_api, m_filterUser, u"closed"_s));
    m_filterRooms.insert(u"order"_s, createRoom(m_api, m_filterUser,
                                                {{u"kind"_s, u"order"_s},
                                                 {u"subject"_s, u"order"_s},
                                                 {u"order_ref"_s, uniqueName(u"ORD"_s)}})
                                         .value("id"_L1)
                                         .toString());
    m_filterRooms.insert(u"archived"_s, openSupportRoom(m_api, m_filterUser, u"archived"_s));
    RETURN_IF_FAILED();
    roomAction(m_api, m_filterUser, m_filterRooms[u"closed"_s], u"close"_s);
    roomAction(m_api, m_filterUser, m_filterRooms[u"archived"_s], u"archive"_s,
               {{u"archived"_s, true}});
}

void tst_RoomsApi::cleanup()
{
    m_server.dumpLogIfFailed();
}

Session tst_RoomsApi::customer(const char *prefix)
{
    return m_api.registerUser(uniqueName(QString::fromLatin1(prefix)));
}

QJsonArray tst_RoomsApi::listRooms(const Session &as, const QString &query)
{
    const Reply reply =
        m_api.get(u"/api/chat/rooms/"_s + (query.isEmpty() ? QString() : u'?' + query), as);
    if (reply.status != 200 || !reply.obj().value("results"_L1).isArray()) {
        failAt(u"listing rooms: %1"_s.arg(reply.describe()), std::source_location::current());
        return {};
    }
    return reply.results();
}

QJsonArray tst_RoomsApi::activeRoomsOf(const Session &as)
{
    const Reply reply = m_api.get(u"/api/chat/active-rooms/"_s, as);
    if (reply.status != 200 || !reply.obj().value("results"_L1).isArray()) {
        failAt(u"active rooms: %1"_s.arg(reply.describe()), std::source_location::current());
        return {};
    }
    return reply.results();
}

QJsonObject tst_RoomsApi::lastMessage(const Session &as, const QString &roomId)
{
    const QJsonArray history = fetchHistory(m_api, as, roomId);
    return history.isEmpty() ? QJsonObject() : history.last().toObject();
}

void tst_RoomsApi::createSupportRoom()
{
    const Session c = customer("support");
    RETURN_IF_FAILED();
    // members is ignored for support rooms.
    const Reply reply = m_api.post(u"/api/chat/rooms/"_s,
                                   {{u"kind"_s, u"support"_s},
                                    {u"subject"_s, u"My parcel is late"_s},
                                    {u"members"_s, QJsonArray{m_staff.id()}}},
                                   c);
    EXPECT_STATUS(reply, 201);
    const QJsonObject room = reply.obj();
    const QString id = room.value("id"_L1).toString();
    EXPECT_MATCH(id, kRoomIdPattern);
    const QDate today = QDateTime::currentDateTimeUtc().date();
    const QString day = id.mid(4, 8);
    QVERIFY2(day == today.toString(u"yyyyMMdd"_s) ||
                 day == today.addDays(-1).toString(u"yyyyMMdd"_s),
             qPrintable(id));
    QCOMPARE(room.value("kind"_L1).toString(), u"support"_s);
    QCOMPARE(room.value("subject"_L1).toString(), u"My parcel is late"_s);
    QCOMPARE(room.value("status"_L1).toString(), u"open"_s);
    QCOMPARE(room.value("created_by"_L1).toString(), c.id());
    EXPECT_MATCH(room.value("created_at"_L1).toString(), kTimePattern);
    QVERIFY2(room.value("order_ref"_L1).isNull(), qPrintable(reply.describe()));
    QCOMPARE(room.value("last_seq"_L1).toInteger(-1), 0);
    QCOMPARE(room.value("unread_count"_L1).toInteger(-1), 0);
    QCOMPARE(room.value("muted"_L1), QJsonValue(false));
    QCOMPARE(room.value("archived"_L1), QJsonValue(false));
    EXPECT_MATCH(room.value("waiting_since"_L1).toString(), kTimePattern);
    QCOMPARE(memberUsernames(room), QStringList{c.username()});
    const QJsonObject member = room.value("members"_L1).toArray().first().toObject();
    QCOMPARE(member.value("user"_L1).toObject().value("id"_L1).toString(), c.id());
    QCOMPARE(member.value("user"_L1).toObject().value("role"_L1).toString(), u"customer"_s);
    EXPECT_MATCH(member.value("joined_at"_L1).toString(), kTimePattern);
    QCOMPARE(member.value("read_seq"_L1).toInteger(-1), 0);
    const parley::Room decoded = toRoom(room);
    RETURN_IF_FAILED();
    QCOMPARE(decoded.kind, parley::RoomKind::Support);
    QVERIFY(decoded.waitingSince.isValid());

    // It waits in the staff queue, and the customer lists it.
    const QJsonObject queued = findById(activeRoomsOf(m_staff), id);
    QVERIFY2(!queued.isEmpty(), "the new support room is not in active-rooms");
    EXPECT_MATCH(queued.value("waiting_since"_L1).toString(), kTimePattern);
    QVERIFY(idsOf(listRooms(c)).contains(id));
}

void tst_RoomsApi::createWithoutSubject_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("support") << u"support"_s;
    QTest::newRow("order") << u"order"_s;
    QTest::newRow("direct") << u"direct"_s;
    QTest::newRow("group") << u"group"_s;
}

void tst_RoomsApi::createWithoutSubject()
{
    QFETCH(QString, kind);
    const Session c = customer("nosubject");
    RETURN_IF_FAILED();
    QJsonObject body{{u"kind"_s, kind}};
    if (kind == "order"_L1)
        body.insert(u"order_ref"_s, uniqueName(u"ORD"_s));
    if (kind == "direct"_L1 || kind == "group"_L1)
        body.insert(u"members"_s, QJsonArray{m_customer.id()});
    const Reply reply = m_api.post(u"/api/chat/rooms/"_s, body, c);
    EXPECT_STATUS(reply, 201);
    EXPECT_MATCH(reply.obj().value("id"_L1).toString(), kRoomIdPattern);
    QCOMPARE(reply.obj().value("kind"_L1).toString(), kind);
    const QJsonValue subject = reply.obj().value("subject"_L1);
    QVERIFY2(subject.isNull() || subject.toString().isEmpty(), qPrintable(reply.describe()));
    // It is stored: the room reads back.
    EXPECT_STATUS(m_api.get(roomPath(reply.obj().value("id"_L1).toString()), c), 200);
}

void tst_RoomsApi::createOrderRoom()
{
    const Session a = customer("order_a");
    const Session b = customer("order_b");
    RETURN_IF_FAILED();
    const QString ref = uniqueName(u"ord"_s).toUpper();
    const QJsonObject body{
        {u"kind"_s, u"order"_s}, {u"order_ref"_s, ref}, {u"subject"_s, u"Order"_s}};
    const Reply first = m_api.post(u"/api/chat/rooms/"_s, body, a);
    EXPECT_STATUS(first, 201);
    const QString id = first.obj().value("id"_L1).toString();
    EXPECT_MATCH(id, kRoomIdPattern);
    QCOMPARE(first.obj().value("kind"_L1).toString(), u"order"_s);
    QCOMPARE(first.obj().value("order_ref"_L1).toString(), ref);
    QVERIFY2(first.obj().value("waiting_since"_L1).isNull(), qPrintable(first.describe()));

    // Asking again: the same room, 200.
    const Reply again = m_api.post(u"/api/chat/rooms/"_s, body, a);
    EXPECT_STATUS(again, 200);
    QCOMPARE(again.obj().value("id"_L1).toString(), id);
    // Staff asking: the same room too.
    const Reply staff = m_api.post(u"/api/chat/rooms/"_s, body, m_staff);
    EXPECT_STATUS(staff, 200);
    QCOMPARE(staff.obj().value("id"_L1).toString(), id);
    // Another customer: conflict, and the room stays hidden from them.
    EXPECT_ERROR(m_api.post(u"/api/chat/rooms/"_s, body, b), 409, "conflict");
    EXPECT_ERROR(m_api.get(roomPath(id), b), 404, "not_found");
    QCOMPARE(listRooms(a).size(), 1);

    // A different order_ref is a different room.
    const QJsonObject other = createRoom(
        m_api, a,
        {{u"kind"_s, u"order"_s}, {u"subject"_s, u"Other"_s}, {u"order_ref"_s, ref + u"-2"_s}});
    RETURN_IF_FAILED();
    QVERIFY(other.value("id"_L1).toString() != id);
}

void tst_RoomsApi::createDirectRoom()
{
    const Session a = customer("direct_a");
    const Session b = customer("direct_b");
    RETURN_IF_FAILED();
    const QJsonObject body{
        {u"kind"_s, u"direct"_s}, {u"subject"_s, u"Direct"_s}, {u"members"_s, QJsonArray{b.id()}}};
    const Reply first = m_api.post(u"/api/chat/rooms/"_s, body, a);
    EXPECT_STATUS(first, 201);
    const QString id = first.obj().value("id"_L1).toString();
    QCOMPARE(first.obj().value("kind"_L1).toString(), u"direct"_s);
    QVERIFY2(first.obj().value("waiting_since"_L1).isNull(), qPrintable(first.describe()));
    QStringList members = memberUsernames(first.obj());
    members.sort();
    QStringList expected{a.username(), b.username()};
    expected.sort();
    QCOMPARE(members, expected);

    const Reply again = m_api.post(u"/api/chat/rooms/"_s, body, a);
    EXPECT_STATUS(again, 200);
    QCOMPARE(again.obj().value("id"_L1).toString(), id);
    const Reply reverse = m_api.post(
        u"/api/chat/rooms/"_s,
        {{u"kind"_s, u"direct"_s}, {u"subject"_s, u"Direct"_s}, {u"members"_s, QJsonArray{a.id()}}},
        b);
    EXPECT_STATUS(reverse, 200);
    QCOMPARE(reverse.obj().value("id"_L1).toString(), id);
    QCOMPARE(memberUsernames(reverse.obj()).size(), 2);
    // Both list it.
    QVERIFY(idsOf(listRooms(a)).contains(id));
    QVERIFY(idsOf(listRooms(b)).contains(id));
}

void tst_RoomsApi::createGroupRoom()
{
    const Session a = customer("group_a");
    const Session b = customer("group_b");
    const Session c = customer("group_c");
    RETURN_IF_FAILED();
    const Reply reply = m_api.post(u"/api/chat/rooms/"_s,
                                   {{u"kind"_s, u"group"_s},
                                    {u"subject"_s, u"Team"_s},
                                    {u"members"_s, QJsonArray{b.id(), c.id()}}},
                                   a);
    EXPECT_STATUS(reply, 201);
    const QString id = reply.obj().value("id"_L1).toString();
    QCOMPARE(reply.obj().value("kind"_L1).toString(), u"group"_s);
    QCOMPARE(reply.obj().value("subject"_L1).toString(), u"Team"_s);
    QCOMPARE(reply.obj().value("created_by"_L1).toString(), a.id());
    QStringList members = memberUsernames(reply.obj());
    members.sort();
    QStringList expected{a.username(), b.username(), c.username()};
    expected.sort();
    QCOMPARE(members, expected);
    EXPECT_STATUS(m_api.get(roomPath(id), c), 200);
    // A group is not an order/direct room: asking again makes another one.
    const QJsonObject second = createRoom(m_api, a,
                                          {{u"kind"_s, u"group"_s},
                                           {u"subject"_s, u"Team"_s},
                                           {u"members"_s, QJsonArray{b.id(), c.id()}}});
    RETURN_IF_FAILED();
    QVERIFY(second.value("id"_L1).toString() != id);
}

void tst_RoomsApi::createValidation_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field"); // null: not checked

    const QString unknownUser = u"00000000-0000-4000-8000-000000000001"_s;
    const auto row = [](const char *name, const QJsonObject &body, const char *field) {
        QTest::newRow(name) << json(body) << u"validation_failed"_s
                            << (field ? QString::fromLatin1(field) : QString());
    };
    row("missing kind", {{u"subject"_s, u"x"_s}}, "kind");
    row("unknown kind", {{u"kind"_s, u"channel"_s}}, "kind");
    row("kind is a number", {{u"kind"_s, 1}}, "kind");
    row("subject is a number", {{u"kind"_s, u"support"_s}, {u"subject"_s, 5}}, "subject");
    row("subject 201 chars", {{u"kind"_s, u"support"_s}, {u"subject"_s, QString(201, u's')}},
        "subject");
    row("order without order_ref", {{u"kind"_s, u"order"_s}}, "order_ref");
    row("order_ref empty", {{u"kind"_s, u"order"_s}, {u"order_ref"_s, u""_s}}, "order_ref");
    row("order_ref 65 chars", {{u"kind"_s, u"order"_s}, {u"order_ref"_s, QString(65, u'O')}},
        "order_ref");
    row("order_ref is a number", {{u"kind"_s, u"order"_s}, {u"order_ref"_s, 1001}}, "order_ref");
    row("direct without members", {{u"kind"_s, u"direct"_s}}, "members");
    row("direct with zero members", {{u"kind"_s, u"direct"_s}, {u"members"_s, QJsonArray{}}},
        "members");
    row("direct with two members",
        {{u"kind"_s, u"direct"_s}, {u"members"_s, QJsonArray{m_staff.id(), m_staff2.id()}}},
        "members");
    row("direct with an unknown user",
        {{u"kind"_s, u"direct"_s}, {u"members"_s, QJsonArray{unknownUser}}}, "members");
    row("direct with oneself",
        {{u"kind"_s, u"direct"_s}, {u"members"_s, QJsonArray{m_customer.id()}}}, "members");
    row("direct members not an array", {{u"kind"_s, u"direct"_s}, {u"members"_s, m_staff.id()}},
        "members");
    row("direct member not a string", {{u"kind"_s, u"direct"_s}, {u"members"_s, QJsonArray{7}}},
        "members");
    row("group with an unknown user",
        {{u"kind"_s, u"group"_s}, {u"members"_s, QJsonArray{m_staff.id(), unknownUser}}}, nullptr);
    row("group members not an array", {{u"kind"_s, u"group"_s}, {u"members"_s, u"x"_s}}, "members");
    QTest::newRow("JSON array") << QByteArray(R"([{"kind":"support"}])") << u"bad_request"_s
                                << QString();
    QTest::newRow("not JSON") << QByteArray("kind=support") << u"bad_request"_s << QString();
}

void tst_RoomsApi::createValidation()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, field);
    const int before = int(listRooms(m_customer).size());
    const Reply reply = m_api.raw("POST", u"/api/chat/rooms/"_s, body, {}, m_customer.access);
    EXPECT_ERROR_FIELD(reply, 400, code, field);
    QCOMPARE(listRooms(m_customer).size(), before); // nothing was created
}

void tst_RoomsApi::listOrderedByActivity()
{
    const Session c = customer("activity");
    RETURN_IF_FAILED();
    const QString a = openSupportRoom(m_api, c, u"a"_s);
    QTest::qWait(5);
    const QString b = openSupportRoom(m_api, c, u"b"_s);
    QTest::qWait(5);
    const QString d = openSupportRoom(m_api, c, u"d"_s);
    RETURN_IF_FAILED();
    QCOMPARE(idsOf(listRooms(c)), (QStringList{d, b, a}));

    QTest::qWait(5);
    send(m_api, c, a, u"bump a"_s);
    RETURN_IF_FAILED();
    const QJsonArray afterA = listRooms(c);
    QCOMPARE(idsOf(afterA), (QStringList{a, d, b}));
    const QJsonObject roomA = afterA.first().toObject();
    EXPECT_MATCH(roomA.value("last_message_at"_L1).toString(), kTimePattern);
    QCOMPARE(roomA.value("last_seq"_L1).toInteger(), 1);
    QCOMPARE(roomA.value("last_message"_L1).toObject().value("content"_L1).toString(), u"bump a"_s);

    QTest::qWait(5);
    send(m_api, c, b, u"bump b"_s);
    RETURN_IF_FAILED();
    QCOMPARE(idsOf(listRooms(c)), (QStringList{b, a, d}));
}

void tst_RoomsApi::listFilters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("expected"); // names of m_filterRooms
    QTest::newRow("no filter") << QString()
                               << QStringList{u"open"_s, u"closed"_s, u"order"_s, u"archived"_s};
    QTest::newRow("status=open") << u"status=open"_s
                                 << QStringList{u"open"_s, u"order"_s, u"archived"_s};
    QTest::newRow("status=closed") << u"status=closed"_s << QStringList{u"closed"_s};
    QTest::newRow("kind=order") << u"kind=order"_s << QStringList{u"order"_s};
    QTest::newRow("kind=support") << u"kind=support"_s
                                  << QStringList{u"open"_s, u"closed"_s, u"archived"_s};
    QTest::newRow("kind=direct") << u"kind=direct"_s << QStringList{};
    QTest::newRow("archived=true") << u"archived=true"_s << QStringList{u"archived"_s};
    QTest::newRow("archived=false")
        << u"archived=false"_s << QStringList{u"open"_s, u"closed"_s, u"order"_s};
    QTest::newRow("status=open&kind=support&archived=false")
        << u"status=open&kind=support&archived=false"_s << QStringList{u"open"_s};
}

void tst_RoomsApi::listFilters()
{
    QFETCH(QString, query);
    QFETCH(QStringList, expected);
    QCOMPARE(m_filterRooms.size(), 4);
    QSet<QString> want;
    for (const QString &name : expected)
        want.insert(m_filterRooms.value(name));
    const QSet<QString> got = idSet(listRooms(m_filterUser, query));
    RETURN_IF_FAILED();
    QVERIFY2(got == want,
             qPrintable(u"got {%1}, expected {%2}"_s.arg(setText(got), setText(want))));
}

void tst_RoomsApi::listPaging()
{
    const Session c = customer("paging");
    RETURN_IF_FAILED();
    QStringList created;
    for (int i = 0; i < 3; ++i) {
        created.prepend(openSupportRoom(m_api, c, u"room %1"_s.arg(i)));
        QTest::qWait(5);
    }
    RETURN_IF_FAILED();
    const Reply page1 = m_api.get(u"/api/chat/rooms/?limit=2"_s, c);
    EXPECT_STATUS(page1, 200);
    QCOMPARE(idsOf(page1.results()), created.mid(0, 2));
    const QString cursor = page1.obj().value("next_cursor"_L1).toString();
    QVERIFY2(!cursor.isEmpty(), qPrintable(page1.describe()));
    const Reply page2 = m_api.get(u"/api/chat/rooms/?limit=2&cursor="_s +
                                      QString::fromLatin1(QUrl::toPercentEncoding(cursor)),
                                  c);
    EXPECT_STATUS(page2, 200);
    QCOMPARE(idsOf(page2.results()), created.mid(2));
    QVERIFY2(page2.obj().contains("next_cursor"_L1) && page2.obj().value("next_cursor"_L1).isNull(),
             qPrintable(page2.describe()));
    const Reply all = m_api.get(u"/api/chat/rooms/"_s, c);
    QVERIFY2(all.obj().contains("next_cursor"_L1) && all.obj().value("next_cursor"_L1).isNull(),
             qPrintable(all.describe()));
    EXPECT_VALIDATION(m_api.get(u"/api/chat/rooms/?limit=abc"_s, c), "limit");
}

void tst_RoomsApi::listScopeAll()
{
    const Session c = customer("scope");
    const Session other = customer("scope_other");
    RETURN_IF_FAILED();
    const QString mine = openSupportRoom(m_api, c);
    const QString theirs = openSupportRoom(m_api, other);
    RETURN_IF_FAILED();

    // Staff: their own rooms by default, every room with scope=all.
    QVERIFY(!idsOf(listRooms(m_staff)).contains(mine));
    const QStringList all = idsOf(listRooms(m_staff, u"scope=all&limit=200"_s));
    QVERIFY2(all.contains(mine) && all.contains(theirs), qPrintable(all.join(u' ')));
    QVERIFY(idsOf(listRooms(m_admin, u"scope=all&limit=200"_s)).contains(theirs));
    // A customer's scope=all is ignored.
    QCOMPARE(idsOf(listRooms(c, u"scope=all"_s)), QStringList{mine});
}

void tst_RoomsApi::getRoom()
{
    const Session c = customer("get");
    const Session other = customer("get_other");
    RETURN_IF_FAILED();
    const QString id = openSupportRoom(m_api, c, u"Where is it"_s);
    RETURN_IF_FAILED();

    const Reply member = m_api.get(roomPath(id), c);
    EXPECT_STATUS(member, 200);
    QCOMPARE(member.obj().value("id"_L1).toString(), id);
    QCOMPARE(member.obj().value("subject"_L1).toString(), u"Where is it"_s);
    // Without the trailing slash too.
    const Reply noSlash = m_api.get(u"/api/chat/rooms/"_s + id, c);
    EXPECT_STATUS(noSlash, 200);
    QCOMPARE(noSlash.obj().value("id"_L1).toString(), id);

    const Reply staff = m_api.get(roomPath(id), m_staff);
    EXPECT_STATUS(staff, 200);
    QCOMPARE(staff.obj().value("id"_L1).toString(), id);
    QCOMPARE(memberUsernames(staff.obj()), QStringList{c.username()}); // reading is not joining
    EXPECT_STATUS(m_api.get(roomPath(id), m_admin), 200);

    const Reply stranger = m_api.get(roomPath(id), other);
    EXPECT_ERROR(stranger, 404, "not_found");
    const Reply missing = m_api.get(roomPath(u"CHAT20200101ABCDEFGH"_s), c);
    EXPECT_ERROR(missing, 404, "not_found");
    // Hidden and missing rooms are indistinguishable.
    QCOMPARE(stranger.errorMessage(), missing.errorMessage());
    EXPECT_ERROR(m_api.get(roomPath(u"not-a-room"_s), c), 404, "not_found");
    EXPECT_ERROR(m_api.get(roomPath(id.toLower()), c), 404, "not_found");
    EXPECT_ERROR(m_api.get(roomPath(u"CHAT2020"_s), m_staff), 404, "not_found");
    EXPECT_ERROR(m_api.get(roomPath(u"CHAT20200101ABCDEFGH"_s), m_staff), 404, "not_found");
}

void tst_RoomsApi::join()
{
    const Session c = customer("join");
    const Session other = customer("join_other");
    RETURN_IF_FAILED();
    const QString id = openSupportRoom(m_api, c);
    send(m_api, c, id, u"anyone there?"_s);
    RETURN_IF_FAILED();
    QVERIFY(!findById(activeRoomsOf(m_staff2), id).isEmpty());

    EXPECT_ERROR(m_api.post(roomPath(id, u"join"_s), {}, c), 403, "forbidden");
    EXPECT_ERROR(m_api.post(roomPath(id, u"join"_s), {}, other), 404, "not_found");

    const Reply joined = m_api.post(roomPath(id, u"join"_s), {}, m_staff);
    EXPECT_STATUS(joined, 200);
    QCOMPARE(joined.obj().value("id"_L1).toString(), id);
    QVERIFY2(joined.obj().value("waiting_since"_L1).isNull(), qPrintable(joined.describe()));
    QStringList members = memberUsernames(joined.obj());
    QCOMPARE(members.size(), 2);
    QVERIFY(members.contains(m_staff.username()) && members.contains(c.username()));
    QCOMPARE(joined.obj().value("last_seq"_L1).toInteger(), 2);
    // The actor's watermark moves past the system message; the customer has it unread.
    QCOMPARE(joined.obj().value("unread_count"_L1).toInteger(-1), 0);
    QCOMPARE(fetchRoom(m_api, c, id).value("unread_count"_L1).toInteger(-1), 1);

    const QJsonObject system = lastMessage(c, id);
    QCOMPARE(system.value("seq"_L1).toInteger(), 2);
    QCOMPARE(system.value("type"_L1).toString(), u"system"_s);
    QVERIFY2(system.value("sender"_L1).isNull(), "a system message has sender null");
    QVERIFY(!system.value("content"_L1).toString().isEmpty());
    QCOMPARE(system.value("metadata"_L1).toObject().value("event"_L1).toString(), u"joined"_s);
    QCOMPARE(system.value("metadata"_L1).toObject().value("user_id"_L1).toString(), m_staff.id());

    // Out of the queue: another staff member no longer sees it; the joiner sees it as their own.
    QVERIFY(findById(activeRoomsOf(m_staff2), id).isEmpty());
    const QJsonObject own = findById(activeRoomsOf(m_staff), id);
    QVERIFY2(!own.isEmpty(), "a joined support room is in the joiner's active-rooms");
    QVERIFY(own.value("waiting_since"_L1).isNull());
    QVERIFY(idsOf(listRooms(m_staff)).contains(id));

    // Joining again changes nothing.
    const Reply twice = m_api.post(roomPath(id, u"join"_s), {}, m_staff);
    EXPECT_STATUS(twice, 200);
    QCOMPARE(memberUsernames(twice.obj()).size(), 2);
    QCOMPARE(twice.obj().value("last_seq"_L1).toInteger(), 2);

    // An admin joins like staff.
    const Reply admin = m_api.post(roomPath(id, u"join"_s), {}, m_admin);
    EXPECT_STATUS(admin, 200);
    QCOMPARE(memberUsernames(admin.obj()).size(), 3);
    EXPECT_ERROR(m_api.post(roomPath(u"CHAT20200101ABCDEFGH"_s, u"join"_s), {}, m_staff), 404,
                 "not_found");
}

void tst_RoomsApi::leave()
{
    const Session c = customer("leave");
    const Session other = customer("leave_other");
    RETURN_IF_FAILED();
    const QString id = openSupportRoom(m_api, c);
    RETURN_IF_FAILED();
    roomAction(m_api, m_staff, id, u"join"_s);
    roomAction(m_api, m_staff2, id, u"join"_s);
    RETURN_IF_FAILED();

    // One of two staff members leaves: still out of the queue.
    const Reply left = m_api.post(roomPath(id, u"leave"_s), {}, m_staff);
    EXPECT_STATUS(left, 204);
    QVERIFY2(left.body.isEmpty(), qPrintable(left.describe()));
    QJsonObject room = fetchRoom(m_api, c, id);
    QVERIFY(!memberUsernames(room).contains(m_staff.username()));
    QVERIFY2(room.value("waiting_since"_L1).isNull(), "a staff member is still in the room");
    const QJsonObject system = lastMessage(c, id);
    QCOMPARE(system.value("type"_L1).toString(), u"system"_s);
    QVERIFY(system.value("sender"_L1).isNull());
    QCOMPARE(system.value("metadata"_L1).toObject().value("event"_L1).toString(), u"left"_s);
    QCOMPARE(system.value("metadata"_L1).toObject().value("user_id"_L1).toString(), m_staff.id());

    // Staff who can see the room but are not in it: conflict. Customers who cannot: not found.
    EXPECT_ERROR(m_api.post(roomPath(id, u"leave"_s), {}, m_staff), 409, "conflict");
    EXPECT_ERROR(m_api.post(roomPath(id, u"leave"_s), {}, other), 404, "not_found");

    // The last staff member leaves: back into the queue.
    EXPECT_STATUS(m_api.post(roomPath(id, u"leave"_s), {}, m_staff2), 204);
    room = fetchRoom(m_api, c, id);
    EXPECT_MATCH(room.value("waiting_since"_L1).toString(), kTimePattern);
    QCOMPARE(memberUsernames(room), QStringList{c.username()});
    const QJsonObject queued = findById(activeRoomsOf(m_staff), id);
    QVERIFY2(!queued.isEmpty(), "the room went back into the queue");
    QVERIFY(!queued.value("waiting_since"_L1).isNull());

    // A customer leaving a group loses sight of it.
    const QString group = openGroupRoom(m_api, c, {other});
    RETURN_IF_FAILED();
    EXPECT_STATUS(m_api.post(roomPath(group, u"leave"_s), {}, other), 204);
    EXPECT_ERROR(m_api.get(roomPath(group), other), 404, "not_found");
    QVERIFY(!idsOf(listRooms(other)).contains(group));
    QCOMPARE(memberUsernames(fetchRoom(m_api, c, group)), QStringList{c.username()});
}

void tst_RoomsApi::closeAndReopen()
{
    const Session c = customer("close");
    const Session other = customer("close_other");
    RETURN_IF_FAILED();
    const QString id = openSupportRoom(m_api, c);
    send(m_api, c, id, u"hello"_s);
    RETURN_IF_FAILED();

    EXPECT_ERROR(m_api.post(roomPath(id, u"close"_s), {}, other), 404, "not_found");
    const Reply closed = m_api.post(roomPath(id, u"close"_s), {}, c);
    EXPECT_STATUS(closed, 200);
    QCOMPARE(closed.obj().value("id"_L1).toString(), id);
    QCOMPARE(closed.obj().value("status"_L1).toString(), u"closed"_s);
    QVERIFY2(closed.obj().value("waiting_since"_L1).isNull(), qPrintable(closed.describe()));
    QCOMPARE(closed.obj().value("last_seq"_L1).toInteger(), 2);
    QJsonObject system = lastMessage(c, id);
    QCOMPARE(system.value("seq"_L1).toInteger(), 2);
    QCOMPARE(system.value("type"_L1).toString(), u"system"_s);
    QCOMPARE(system.value("metadata"_L1).toObject().value("event"_L1).toString(), u"closed"_s);
    QCOMPARE(system.value("metadata"_L1).toObject().value("user_id"_L1).toString(), c.id());
    QVERIFY2(findById(activeRoomsOf(m_staff), id).isEmpty(), "a closed room left the queue");

    // Closing again: 200, nothing new.
    const Reply again = m_api.post(roomPath(id, u"close"_s), {}, c);
    EXPECT_STATUS(again, 200);
    QCOMPARE(again.obj().value("status"_L1).toString(), u"closed"_s);
    QCOMPARE(again.obj().value("last_seq"_L1).toInteger(), 2);

    EXPECT_ERROR(m_api.post(roomPath(id, u"messages"_s),
                            {{u"type"_s, u"text"_s}, {u"content"_s, u"still there?"_s}}, c),
                 409, "room_closed");

    // Reopened without staff: back into the queue.
    EXPECT_ERROR(m_api.post(roomPath(id, u"reopen"_s), {}, other), 404, "not_found");
    const Reply reopened = m_api.post(roomPath(id, u"reopen"_s), {}, c);
    EXPECT_STATUS(reopened, 200);
    QCOMPARE(reopened.obj().value("status"_L1).toString(), u"open"_s);
    EXPECT_MATCH(reopened.obj().value("waiting_since"_L1).toString(), kTimePattern);
    QCOMPARE(reopened.obj().value("last_seq"_L1).toInteger(), 3);
    system = lastMessage(c, id);
    QCOMPARE(system.value("type"_L1).toString(), u"system"_s);
    QCOMPARE(system.value("metadata"_L1).toObject().value("event"_L1).toString(), u"reopened"_s);
    QVERIFY(!findById(activeRoomsOf(m_staff), id).isEmpty());
    const Reply reopenAgain = m_api.post(roomPath(id, u"reopen"_s), {}, c);
    EXPECT_STATUS(reopenAgain, 200);
    QCOMPARE(reopenAgain.obj().value("last_seq"_L1).toInteger(), 3);
    send(m_api, c, id, u"works again"_s);
    RETURN_IF_FAILED();

    // Staff close a room they are not in; reopening a support room that has staff keeps it out
    // of the queue.
    const Reply staffClosed = m_api.post(roomPath(id, u"close"_s), {}, m_staff2);
    EXPECT_STATUS(staffClosed, 200);
    QCOMPARE(staffClosed.obj().value("status"_L1).toString(), u"closed"_s);
    QCOMPARE(lastMessage(c, id).value("metadata"_L1).toObject().value("user_id"_L1).toString(),
             m_staff2.id());
    const QString staffed = openSupportRoom(m_api, c);
    RETURN_IF_FAILED();
    roomAction(m_api, m_staff, staffed, u"join"_s);
    roomAction(m_api, m_staff, staffed, u"close"_s);
    const QJsonObject back = roomAction(m_api, m_staff, staffed, u"reopen"_s);
    RETURN_IF_FAILED();
    QCOMPARE(back.value("status"_L1).toString(), u"open"_s);
    QVERIFY2(back.value("waiting_since"_L1).isNull(), "staff is in the room: not in the queue");
}

void tst_RoomsApi::muteAndArchive()
{
    const Session a = customer("mute_a");
    const Session b = customer("mute_b");
    const Session other = customer("mute_other");
    RETURN_IF_FAILED();
    const QString id = openGroupRoom(m_api, a, {b});
    RETURN_IF_FAILED();

    const Reply muted = m_api.post(roomPath(id, u"mute"_s), {{u"muted"_s, true}}, a);
    EXPECT_STATUS(muted, 200);
    QCOMPARE(muted.obj().value("id"_L1).toString(), id);
    QCOMPARE(muted.obj().value("muted"_L1), QJsonValue(true));
    QCOMPARE(muted.obj().value("archived"_L1), QJsonValue(false));
    QCOMPARE(fetchRoom(m_api, a, id).value("muted"_L1), QJsonValue(true));
    QCOMPARE(fetchRoom(m_api, b, id).value("muted"_L1), QJsonValue(false));

    const Reply archived = m_api.post(roomPath(id, u"archive"_s), {{u"archived"_s, true}}, a);
    EXPECT_STATUS(archived, 200);
    QCOMPARE(archived.obj().value("archived"_L1), QJsonValue(true));
    QCOMPARE(archived.obj().value("muted"_L1), QJsonValue(true));
    QCOMPARE(fetchRoom(m_api, b, id).value("archived"_L1), QJsonValue(false));
    QVERIFY(idsOf(listRooms(a, u"archived=true"_s)).contains(id));
    QVERIFY(!idsOf(listRooms(b, u"archived=true"_s)).contains(id));

    // And back.
    const Reply unmuted = m_api.post(roomPath(id, u"mute"_s), {{u"muted"_s, false}}, a);
    EXPECT_STATUS(unmuted, 200);
    QCOMPARE(unmuted.obj().value("muted"_L1), QJsonValue(false));
    const Reply unarchived = m_api.post(roomPath(id, u"archive"_s), {{u"archived"_s, false}}, a);
    EXPECT_STATUS(unarchived, 200);
    QCOMPARE(unarchived.obj().value("archived"_L1), QJsonValue(false));

    // Own settings need membership.
    EXPECT_ERROR(m_api.post(roomPath(id, u"mute"_s), {{u"muted"_s, true}}, m_staff), 403,
                 "forbidden");
    EXPECT_ERROR(m_api.post(roomPath(id, u"archive"_s), {{u"archived"_s, true}}, m_staff), 403,
                 "forbidden");
    EXPECT_ERROR(m_api.post(roomPath(id, u"mute"_s), {{u"muted"_s, true}}, other), 404,
                 "not_found");
    EXPECT_ERROR(m_api.post(roomPath(id, u"archive"_s), {{u"archived"_s, true}}, other), 404,
                 "not_found");
    EXPECT_VALIDATION(m_api.post(roomPath(id, u"mute"_s), {{u"muted"_s, u"yes"_s}}, a), "muted");
    EXPECT_VALIDATION(m_api.post(roomPath(id, u"mute"_s), {}, a), "muted");
    EXPECT_VALIDATION(m_api.post(roomPath(id, u"archive"_s), {{u"archived"_s, 1}}, a), "archived");
    QCOMPARE(fetchRoom(m_api, a, id).value("muted"_L1), QJsonValue(false));
}

void tst_RoomsApi::markRead()
{
    const Session a = customer("read_a");
    const Session b = customer("read_b");
    RETURN_IF_FAILED();
    const QString id = openGroupRoom(m_api, a, {b});
    for (int i = 1; i <= 3; ++i)
        send(m_api, a, id, u"message %1"_s.arg(i));
    RETURN_IF_FAILED();
    QCOMPARE(fetchRoom(m_api, b, id).value("unread_count"_L1).toInteger(-1), 3);

    const auto markRead = [&](const QJsonObject &body) {
        return m_api.post(roomPath(id, u"mark-read"_s), body, b);
    };
    const auto expectWatermark = [](const Reply &reply, qint64 readSeq, qint64 unread) {
        return reply.status == 200 && reply.obj().value("read_seq"_L1).toInteger(-1) == readSeq &&
               reply.obj().value("unread_count"_L1).toInteger(-1) == unread;
    };
    Reply reply = markRead({{u"up_to_seq"_s, 1}});
    QVERIFY2(expectWatermark(reply, 1, 2), qPrintable(reply.describe()));
    QCOMPARE(fetchRoom(m_api, b, id).value("unread_count"_L1).toInteger(-1), 2);
    // Above the last seq: clamped to it.
    reply = markRead({{u"up_to_seq"_s, 100}});
    QVERIFY2(expectWatermark(reply, 3, 0), qPrintable(reply.describe()));

    send(m_api, a, id, u"message 4"_s);
    send(m_api, a, id, u"message 5"_s);
    RETURN_IF_FAILED();
    QCOMPARE(fetchRoom(m_api, b, id).value("unread_count"_L1).toInteger(-1), 2);
    // Never backwards.
    reply = markRead({{u"up_to_seq"_s, 2}});
    QVERIFY2(expectWatermark(reply, 3, 2), qPrintable(reply.describe()));
    // No up_to_seq: the last message.
    reply = markRead({});
    QVERIFY2(expectWatermark(reply, 5, 0), qPrintable(reply.describe()));
    // The member list shows the watermark.
    const QJsonArray members = fetchRoom(m_api, a, id).value("members"_L1).toArray();
    for (const QJsonValue &member : members) {
        const QString user =
            member.toObject().value("user"_L1).toObject().value("id"_L1).toString();
        if (user == b.id())
            QCOMPARE(member.toObject().value("read_seq"_L1).toInteger(), 5);
    }
    // The curl way: an empty body.
    reply = m_api.raw("POST", roomPath(id, u"mark-read"_s), {}, {}, b.access);
    QVERIFY2(expectWatermark(reply, 5, 0), qPrintable(reply.describe()));

    EXPECT_VALIDATION(markRead({{u"up_to_seq"_s, u"abc"_s}}), "up_to_seq");
    EXPECT_VALIDATION(markRead({{u"up_to_seq"_s, -1}}), "up_to_seq");
    EXPECT_ERROR(m_api.post(roomPath(id, u"mark-read"_s), {}, m_staff), 403, "forbidden");
    EXPECT_ERROR(m_api.post(roomPath(id, u"mark-read"_s), {}, m_customer), 404, "not_found");
}

void tst_RoomsApi::unreadCount()
{
    const Session a = customer("unread_a");
    const Session b = customer("unread_b");
    RETURN_IF_FAILED();
    const QString x = openGroupRoom(m_api, a, {b}, u"x"_s);
    const QString y = openGroupRoom(m_api, a, {b}, u"y"_s);
    const QString z = openGroupRoom(m_api, a, {b}, u"z"_s);
    const QString quiet = openGroupRoom(m_api, a, {b}, u"quiet"_s);
    RETURN_IF_FAILED();
    roomAction(m_api, b, z, u"mute"_s, {{u"muted"_s, true}});
    send(m_api, a, x, u"x1"_s);
    send(m_api, a, x, u"x2"_s);
    send(m_api, a, y, u"y1"_s);
    for (int i = 0; i < 3; ++i)
        send(m_api, a, z, u"z"_s);
    RETURN_IF_FAILED();

    const Reply reply = m_api.get(u"/api/chat/unread-count/"_s, b);
    EXPECT_STATUS(reply, 200);
    QCOMPARE(reply.obj().value("total"_L1).toInteger(-1), 3); // z is muted
    const QJsonObject rooms = reply.obj().value("rooms"_L1).toObject();
    QCOMPARE(rooms.value(x).toInteger(-1), 2);
    QCOMPARE(rooms.value(y).toInteger(-1), 1);
    QCOMPARE(rooms.value(z).toInteger(-1), 3); // muted rooms are in `rooms`
    QVERIFY2(rooms.value(quiet).toInteger(0) == 0, qPrintable(reply.describe()));
    QCOMPARE(fetchRoom(m_api, b, z).value("unread_count"_L1).toInteger(-1), 3);

    // The sender has nothing unread.
    const Reply sender = m_api.get(u"/api/chat/unread-count/"_s, a);
    EXPECT_STATUS(sender, 200);
    QCOMPARE(sender.obj().value("total"_L1).toInteger(-1), 0);
    const QJsonObject senderRooms = sender.obj().value("rooms"_L1).toObject();
    for (auto it = senderRooms.constBegin(); it != senderRooms.constEnd(); ++it)
        QVERIFY2(it.value().toInteger() == 0, qPrintable(sender.describe()));

    roomAction(m_api, b, x, u"mark-read"_s);
    RETURN_IF_FAILED();
    const Reply after = m_api.get(u"/api/chat/unread-count/"_s, b);
    QCOMPARE(after.obj().value("total"_L1).toInteger(-1), 1);
    QVERIFY2(after.obj().value("rooms"_L1).toObject().value(x).toInteger(0) == 0,
             qPrintable(after.describe()));
}

void tst_RoomsApi::activeRooms()
{
    EXPECT_ERROR(m_api.get(u"/api/chat/active-rooms/"_s, m_customer), 403, "forbidden");

    const Session c1 = customer("queue_1");
    const Session c2 = customer("queue_2");
    const Session c3 = customer("queue_3");
    RETURN_IF_FAILED();
    const QString r1 = openSupportRoom(m_api, c1, u"first"_s);
    QTest::qWait(5);
    const QString r2 = openSupportRoom(m_api, c2, u"second"_s);
    QTest::qWait(5);
    const QString r3 = openSupportRoom(m_api, c3, u"third"_s);
    const QString closed = openSupportRoom(m_api, c3, u"closed"_s);
    const QString group = openGroupRoom(m_api, c1, {c2});
    RETURN_IF_FAILED();
    roomAction(m_api, c3, closed, u"close"_s);
    roomAction(m_api, m_staff, r2, u"join"_s);
    roomAction(m_api, m_staff, group, u"join"_s);
    RETURN_IF_FAILED();

    const QJsonArray active = activeRoomsOf(m_staff);
    RETURN_IF_FAILED();
    const QStringList ids = idsOf(active);
    QVERIFY2(ids.contains(r1) && ids.contains(r2) && ids.contains(r3), qPrintable(ids.join(u' ')));
    QVERIFY(!ids.contains(closed));
    QVERIFY(!ids.contains(group));
    // The queue (oldest first) and then the caller's own rooms.
    QVERIFY2(ids.indexOf(r1) < ids.indexOf(r3) && ids.indexOf(r3) < ids.indexOf(r2),
             qPrintable(ids.join(u' ')));
    bool inOwnPart = false;
    QString previousWaiting;
    for (const QJsonValue &value : active) {
        const QJsonObject room = value.toObject();
        QCOMPARE(room.value("kind"_L1).toString(), u"support"_s);
        QCOMPARE(room.value("status"_L1).toString(), u"open"_s);
        const QString waiting = room.value("waiting_since"_L1).toString();
        if (waiting.isEmpty()) {
            inOwnPart = true;
            QVERIFY2(memberUsernames(room).contains(m_staff.username()),
                     qPrintable(room.value("id"_L1).toString()));
        } else {
            QVERIFY2(!inOwnPart, "a queued room comes after the caller's own rooms");
            QVERIFY2(previousWaiting <= waiting, "the queue is not oldest first");
            previousWaiting = waiting;
        }
    }
    // Another staff member sees the queue but not the first one's room.
    const QStringList other = idsOf(activeRoomsOf(m_staff2));
    QVERIFY(other.contains(r1) && other.contains(r3));
    QVERIFY(!other.contains(r2));
    // Admins can do all staff can.
    EXPECT_STATUS(m_api.get(u"/api/chat/active-rooms/"_s, m_admin), 200);
}

QTEST_GUILESS_MAIN(tst_RoomsApi)
#include "tst_rooms_api.moc"
