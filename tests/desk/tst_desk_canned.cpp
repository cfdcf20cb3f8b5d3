// Canned responses (docs/API.md "Canned responses"): staff-only CRUD with unique shortcuts, prefix
// search, placeholders filled for a room, and `canned_changed` frames to staff only.
#include "WsTest.h"

#include "protocol/Canned.h"

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

const QString kCanned = u"/api/chat/canned/"_s;

QString cannedPath(const QString &id, const QString &tail = {})
{
    return kCanned + id + u'/' + (tail.isEmpty() ? QString() : tail + u'/');
}

QJsonObject cannedBody(const QString &title, const QString &shortcut, const QString &body)
{
    return {{u"title"_s, title}, {u"shortcut"_s, shortcut}, {u"body"_s, body}};
}

QStringList shortcutsOf(const QJsonArray &results)
{
    QStringList shortcuts;
    for (const QJsonValue &v : results)
        shortcuts << v.toObject().value("shortcut"_L1).toString();
    return shortcuts;
}

} // namespace

class tst_DeskCanned : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void whoMayUseCanned_data();
    void whoMayUseCanned();
    void invalidCanned_data();
    void invalidCanned();
    void crudAndSearch();
    void shortcutsAreUnique();
    void placeholdersFilledForRoom();
    void changesReachStaffOnly();

private:
    QJsonObject create(const QString &title, const QString &shortcut, const QString &body);

    TestServer m_server;
    ApiClient m_api{&m_server};
    Session m_admin;
    Session m_sam;    // staff
    Session m_alice;  // customer
    QString m_prefix; // unique per run: shortcuts are global
};

void tst_DeskCanned::initTestCase()
{
    const auto dumpLog = qScopeGuard([this] { m_server.dumpLogIfFailed(); });
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_admin = m_server.createUser(uniqueName(u"admin"_s), u"admin"_s);
    m_sam = m_server.createUser(uniqueName(u"sam"_s), u"staff"_s);
    m_alice = m_api.registerUser(uniqueName(u"alice"_s), QString::fromLatin1(kDefaultPassword),
                                 u"Alice Liddell"_s);
    RETURN_IF_FAILED();
    m_prefix = uniqueName(u"c"_s).replace(u'_', u'-');
}

void tst_DeskCanned::cleanup()
{
    m_server.dumpLogIfFailed();
}

QJsonObject tst_DeskCanned::create(const QString &title, const QString &shortcut,
                                   const QString &body)
{
    const Reply reply = m_api.post(kCanned, cannedBody(title, shortcut, body), m_sam);
    if (reply.status != 201) {
        QTest::qFail(qPrintable(u"creating %1: %2"_s.arg(shortcut, reply.describe())), __FILE__,
                     __LINE__);
        return {};
    }
    return reply.obj();
}

void tst_DeskCanned::whoMayUseCanned_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QString>("method");
    QTest::addColumn<int>("status");
    QTest::newRow("customer lists") << u"alice"_s << u"GET"_s << 403;
    QTest::newRow("customer creates") << u"alice"_s << u"POST"_s << 403;
    QTest::newRow("customer edits") << u"alice"_s << u"PATCH"_s << 403;
    QTest::newRow("customer deletes") << u"alice"_s << u"DELETE"_s << 403;
    QTest::newRow("customer renders") << u"alice"_s << u"RENDER"_s << 403;
    QTest::newRow("staff lists") << u"sam"_s << u"GET"_s << 200;
    QTest::newRow("staff creates") << u"sam"_s << u"POST"_s << 201;
    QTest::newRow("admin lists") << u"admin"_s << u"GET"_s << 200;
    QTest::newRow("admin edits") << u"admin"_s << u"PATCH"_s << 200;
    QTest::newRow("admin deletes") << u"admin"_s << u"DELETE"_s << 204;
    QTest::newRow("nobody lists") << QString() << u"GET"_s << 401;
}

void tst_DeskCanned::whoMayUseCanned()
{
    QFETCH(QString, who);
    QFETCH(QString, method);
    QFETCH(int, status);
    const QJsonObject existing =
        create(u"Who"_s, u"/%1-who-%2"_s.arg(m_prefix, uniqueName(u"w"_s).replace(u'_', u'-')),
               u"Hello"_s);
    RETURN_IF_FAILED();
    const QString room = openSupportRoom(m_api, m_alice);
    RETURN_IF_FAILED();
    const QHash<QString, Session> sessions{
        {u"alice"_s, m_alice}, {u"sam"_s, m_sam}, {u"admin"_s, m_admin}};
    const QString token = sessions.value(who).access;
    const QString id = existing.value("id"_L1).toString();
    Reply reply;
    if (method == u"GET")
        reply = m_api.get(kCanned, {}, token);
    else if (method == u"POST")
        reply = m_api.post(kCanned, cannedBody(u"New"_s, u"/%1-%2"_s.arg(m_prefix, who), u"Body"_s),
                           token);
    else if (method == u"PATCH")
        reply = m_api.patch(cannedPath(id), {{u"title"_s, u"Renamed"_s}}, token);
    else if (method == u"DELETE")
        reply = m_api.del(cannedPath(id), {}, token);
    else
        reply = m_api.get(roomPath(room, u"canned/%1/render"_s.arg(id)), {}, token);
    EXPECT_STATUS(reply, status);
    if (status == 403)
        EXPECT_ERROR(reply, 403, "forbidden");
}

void tst_DeskCanned::invalidCanned_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("field");
    const QJsonObject good = cannedBody(u"Refund"_s, u"/refund-x"_s, u"We refund you."_s);
    auto without = [&](const QString &key) {
        QJsonObject body = good;
        body.remove(key);
        return body;
    };
    auto with = [&](const QString &key, const QJsonValue &value) {
        QJsonObject body = good;
        body.insert(key, value);
        return body;
    };
    QTest::newRow("no title") << without(u"title"_s) << u"title"_s;
    QTest::newRow("blank title") << with(u"title"_s, u"  "_s) << u"title"_s;
    QTest::newRow("title too long") << with(u"title"_s, QString(101, u't')) << u"title"_s;
    QTest::newRow("no shortcut") << without(u"shortcut"_s) << u"shortcut"_s;
    QTest::newRow("shortcut with a space") << with(u"shortcut"_s, u"/re fund"_s) << u"shortcut"_s;
    QTest::newRow("shortcut only slash") << with(u"shortcut"_s, u"/"_s) << u"shortcut"_s;
    QTest::newRow("shortcut too long")
        << with(u"shortcut"_s, u"/"_s + QString(33, u'a')) << u"shortcut"_s;
    QTest::newRow("shortcut not a string") << with(u"shortcut"_s, 7) << u"shortcut"_s;
    QTest::newRow("no body") << without(u"body"_s) << u"body"_s;
    QTest::newRow("blank body") << with(u"body"_s, u" \n "_s) << u"body"_s;
}

void tst_DeskCanned::invalidCanned()
{
    QFETCH(QJsonObject, body);
    QFETCH(QString, field);
    EXPECT_ERROR_FIELD(m_api.post(kCanned, body, m_sam), 400, u"validation_failed"_s, field);
}

void tst_DeskCanned::crudAndSearch()
{
    const QString prefix = m_prefix + u"-x"_s; // no other test's shortcuts start so
    const QJsonObject refund =
        create(u"Refund policy"_s, u"/%1-Refund"_s.arg(prefix), u"Refunds take 5 days."_s);
    const QJsonObject hello = create(u"Greeting"_s, u"%1-hello"_s.arg(prefix), u"Hi!"_s);
    RETURN_IF_FAILED();
    EXPECT_MATCH(refund.value("id"_L1).toString(), kUuidPattern);
    EXPECT_MATCH(refund.value("created_at"_L1).toString(), kTimePattern);
    // Shortcuts are stored lower-case with one leading "/".
    QCOMPARE(refund.value("shortcut"_L1).toString(), u"/%1-refund"_s.arg(prefix));
    QCOMPARE(hello.value("shortcut"_L1).toString(), u"/%1-hello"_s.arg(prefix));
    QVERIFY(bool(parley::CannedResponse::fromJson(refund)));

    // Prefix search on the shortcut (with or without "/", any case) or the title.
    const QStringList both{u"/%1-hello"_s.arg(prefix), u"/%1-refund"_s.arg(prefix)};
    QCOMPARE(shortcutsOf(m_api.get(kCanned + u"?q=/"_s + prefix, m_sam).results()), both);
    QCOMPARE(
        shortcutsOf(m_api.get(kCanned + u"?q="_s + prefix.toUpper() + u"-r"_s, m_sam).results()),
        QStringList{u"/%1-refund"_s.arg(prefix)});
    const QJsonArray byTitle = m_api.get(kCanned + u"?q=greet"_s, m_sam).results();
    QVERIFY(shortcutsOf(byTitle).contains(u"/%1-hello"_s.arg(prefix)));
    QVERIFY(!shortcutsOf(byTitle).contains(u"/%1-refund"_s.arg(prefix)));
    // LIKE wildcards are taken literally.
    QCOMPARE(m_api.get(kCanned + u"?q=%25"_s, m_sam).results().size(), 0);

    // Edit: only the given fields change.
    const QString id = refund.value("id"_L1).toString();
    const Reply edited =
        m_api.patch(cannedPath(id), {{u"body"_s, u"Refunds take 3 days."_s}}, m_sam);
    EXPECT_STATUS(edited, 200);
    QCOMPARE(edited.obj().value("body"_L1).toString(), u"Refunds take 3 days."_s);
    QCOMPARE(edited.obj().value("title"_L1), refund.value("title"_L1));
    QCOMPARE(edited.obj().value("shortcut"_L1), refund.value("shortcut"_L1));
    EXPECT_ERROR(m_api.patch(cannedPath(id), {}, m_sam), 400, "bad_request");

    // Delete, then it is gone everywhere.
    EXPECT_STATUS(m_api.del(cannedPath(id), m_sam), 204);
    QCOMPARE(shortcutsOf(m_api.get(kCanned + u"?q=/"_s + prefix, m_sam).results()),
             QStringList{u"/%1-hello"_s.arg(prefix)});
    EXPECT_ERROR(m_api.del(cannedPath(id), m_sam), 404, "not_found");
    EXPECT_ERROR(m_api.patch(cannedPath(id), {{u"title"_s, u"x"_s}}, m_sam), 404, "not_found");
    EXPECT_ERROR(m_api.del(cannedPath(u"not-a-uuid"_s), m_sam), 404, "not_found");
}

void tst_DeskCanned::shortcutsAreUnique()
{
    const QString shortcut = u"/%1-unique"_s.arg(m_prefix);
    create(u"First"_s, shortcut, u"One"_s);
    const QJsonObject other = create(u"Other"_s, u"/%1-other"_s.arg(m_prefix), u"Two"_s);
    RETURN_IF_FAILED();
    // The same shortcut in another case or without its "/" is the same shortcut.
    EXPECT_ERROR(m_api.post(kCanned, cannedBody(u"Again"_s, shortcut.toUpper(), u"x"_s), m_sam),
                 409, "conflict");
    EXPECT_ERROR(m_api.post(kCanned, cannedBody(u"Again"_s, shortcut.mid(1), u"x"_s), m_admin), 409,
                 "conflict");
    // The conflict names its field, so the app can show it beside the shortcut.
    EXPECT_ERROR_FIELD(m_api.patch(cannedPath(other.value("id"_L1).toString()),
                                   {{u"shortcut"_s, shortcut}}, m_sam),
                       409, u"conflict"_s, u"shortcut"_s);
    // Keeping one's own shortcut is no clash.
    EXPECT_STATUS(m_api.patch(cannedPath(other.value("id"_L1).toString()),
                              {{u"shortcut"_s, u"/%1-other"_s.arg(m_prefix)}}, m_sam),
                  200);
}

void tst_DeskCanned::placeholdersFilledForRoom()
{
    const QJsonObject canned = create(
        u"Order"_s, u"/%1-order"_s.arg(m_prefix),
        u"Hi {customer_name}, {agent_name} here about {order_ref} in {room_id}. {unknown}"_s);
    RETURN_IF_FAILED();
    const QString ref = uniqueName(u"ORD"_s);
    const QString room =
        createRoom(m_api, m_alice, {{u"kind"_s, u"order"_s}, {u"order_ref"_s, ref}})
            .value("id"_L1)
            .toString();
    RETURN_IF_FAILED();
    const QString path =
        roomPath(room, u"canned/%1/render"_s.arg(canned.value("id"_L1).toString()));
    // Staff do not need to be members of the room.
    const Reply rendered = m_api.get(path, m_sam);
    EXPECT_STATUS(rendered, 200);
    QCOMPARE(rendered.obj().value("text"_L1).toString(),
             u"Hi Alice Liddell, %1 here about %2 in %3. {unknown}"_s.arg(m_sam.user.displayName,
                                                                          ref, room));
    // A support room has no order: the placeholder becomes empty.
    const QString support = openSupportRoom(m_api, m_alice);
    RETURN_IF_FAILED();
    const Reply noOrder = m_api.get(
        roomPath(support, u"canned/%1/render"_s.arg(canned.value("id"_L1).toString())), m_admin);
    QCOMPARE(noOrder.obj().value("text"_L1).toString(),
             u"Hi Alice Liddell, %1 here about  in %2. {unknown}"_s.arg(m_admin.user.displayName,
                                                                        support));
    EXPECT_ERROR(m_api.get(roomPath(u"CHAT20260101NOSUCHRM"_s,
                                    u"canned/%1/render"_s.arg(canned.value("id"_L1).toString())),
                           m_sam),
                 404, "not_found");
    EXPECT_ERROR(m_api.get(roomPath(room, u"canned/%1/render"_s.arg(
                                              u"00000000-0000-4000-8000-000000000000"_s)),
                           m_sam),
                 404, "not_found");
}

void tst_DeskCanned::changesReachStaffOnly()
{
    auto staffWs = connectChat(m_server, m_admin, u"admin(/ws)"_s);
    auto customerWs = connectChat(m_server, m_alice, u"alice(/ws)"_s);
    RETURN_IF_FAILED();
    const auto about = [](const QString &action, const QString &id) {
        return [action, id](const QJsonObject &f) {
            return f.value("action"_L1).toString() == action &&
                   f.value("canned"_L1).toObject().value("id"_L1).toString() == id;
        };
    };
    const QJsonObject created = create(u"Live"_s, u"/%1-live"_s.arg(m_prefix), u"Live body"_s);
    RETURN_IF_FAILED();
    const QString id = created.value("id"_L1).toString();
    WS_WAIT(createdFrame, *staffWs, u"canned_changed"_s, about(u"created"_s, id));
    QCOMPARE(createdFrame.value("canned"_L1).toObject(), created);
    const Reply edited = m_api.patch(cannedPath(id), {{u"title"_s, u"Live 2"_s}}, m_sam);
    EXPECT_STATUS(edited, 200);
    WS_WAIT(updatedFrame, *staffWs, u"canned_changed"_s, about(u"updated"_s, id));
    QCOMPARE(updatedFrame.value("canned"_L1).toObject(), edited.obj());
    EXPECT_STATUS(m_api.del(cannedPath(id), m_sam), 204);
    WS_WAIT(deletedFrame, *staffWs, u"canned_changed"_s, about(u"deleted"_s, id));

    // The customer's socket got none of it: a message sent afterwards arrives, the frames did not.
    const QString room = openSupportRoom(m_api, m_alice);
    RETURN_IF_FAILED();
    const parley::Message marker = send(m_api, m_alice, room, u"marker"_s);
    RETURN_IF_FAILED();
    WS_WAIT(markerFrame, *customerWs, u"message"_s, messageId(marker.id));
    WS_NONE(*customerWs, u"canned_changed"_s);
}

QTEST_GUILESS_MAIN(tst_DeskCanned)
#include "tst_desk_canned.moc"
