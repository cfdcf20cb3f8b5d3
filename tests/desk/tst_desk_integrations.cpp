// Integrations (docs/API.md "Support desk: integrations"): admins create, list and revoke API
// keys; a key (never a user token) opens order rooms and posts typed order events, which members
// receive like any message (over /ws and in history) and non-members never see.
#include "WsTest.h"

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

const QString kKeys = u"/api/admin/api-keys"_s;
const QString kOrderRooms = u"/api/integrations/v1/order-rooms"_s;
const QString kEvents = u"/api/integrations/v1/events"_s;

QByteArray body(const QJsonObject &obj)
{
    return QJsonDocument(obj).toJson(QJsonDocument::Compact);
}

} // namespace

class tst_DeskIntegrations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void keyLifecycle();
    void keyHeaders_data();
    void keyHeaders();
    void orderRoomReuse();
    void eventValidation_data();
    void eventValidation();
    void eventsReachMembersOnceOnly();

private:
    // A new key with `scopes`; its secret.
    QString createKey(const QStringList &scopes);
    Reply keyed(const QString &path, const QJsonObject &obj, const QString &secret);
    QString orderRoom(const QString &orderRef);

    TestServer m_server;
    ApiClient m_api{&m_server};
    Session m_admin;
    Session m_alice;  // customer
    Session m_bob;    // partner (courier)
    Session m_carol;  // another customer
    QString m_secret; // rooms:write and events:write
};

void tst_DeskIntegrations::initTestCase()
{
    const auto dumpLog = qScopeGuard([this] { m_server.dumpLogIfFailed(); });
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_admin = m_server.createUser(uniqueName(u"admin"_s), u"admin"_s);
    m_alice = m_api.registerUser(uniqueName(u"alice"_s));
    m_bob = m_api.registerUser(uniqueName(u"bob"_s));
    m_carol = m_api.registerUser(uniqueName(u"carol"_s));
    RETURN_IF_FAILED();
    m_secret = createKey({u"rooms:write"_s, u"events:write"_s});
}

void tst_DeskIntegrations::cleanup()
{
    m_server.dumpLogIfFailed();
}

QString tst_DeskIntegrations::createKey(const QStringList &scopes)
{
    const Reply created = m_api.post(
        kKeys, {{u"name"_s, u"shop"_s}, {u"scopes"_s, QJsonArray::fromStringList(scopes)}},
        m_admin);
    if (const QString problem = checkStatus(created, 201); !problem.isEmpty()) {
        QTest::qFail(qPrintable(problem), __FILE__, __LINE__);
        return {};
    }
    return created.obj().value("secret"_L1).toString();
}

Reply tst_DeskIntegrations::keyed(const QString &path, const QJsonObject &obj,
                                  const QString &secret)
{
    return m_api.raw("POST", path, body(obj), {{"X-Api-Key", secret.toUtf8()}});
}

QString tst_DeskIntegrations::orderRoom(const QString &orderRef)
{
    const Reply room = keyed(kOrderRooms,
                             {{u"order_ref"_s, orderRef},
                              {u"customer"_s, m_alice.username()},
                              {u"partner"_s, m_bob.id()}},
                             m_secret);
    if (const QString problem = checkStatus(room, 201); !problem.isEmpty()) {
        QTest::qFail(qPrintable(problem), __FILE__, __LINE__);
        return {};
    }
    return room.obj().value("id"_L1).toString();
}

void tst_DeskIntegrations::keyLifecycle()
{
    const Reply created = m_api.post(
        kKeys, {{u"name"_s, u"courier"_s}, {u"scopes"_s, QJsonArray{u"rooms:write"_s}}}, m_admin);
    EXPECT_STATUS(created, 201);
    const QString secret = created.obj().value("secret"_L1).toString();
    const QString id = created.obj().value("id"_L1).toString();
    QVERIFY(secret.startsWith("pk_live_"_L1));
    QCOMPARE(created.obj().value("created_by"_L1).toString(), m_admin.id());
    QVERIFY(created.obj().value("last_used_at"_L1).isNull());

    // Only admins manage keys.
    EXPECT_ERROR(m_api.post(kKeys,
                            {{u"name"_s, u"x"_s}, {u"scopes"_s, QJsonArray{u"rooms:write"_s}}},
                            m_alice),
                 403, "forbidden");
    EXPECT_ERROR(m_api.get(kKeys, m_alice), 403, "forbidden");
    EXPECT_VALIDATION(
        m_api.post(kKeys, {{u"name"_s, u"x"_s}, {u"scopes"_s, QJsonArray{u"all"_s}}}, m_admin),
        "scopes");

    // It works, within its scope only.
    const QJsonObject room{{u"order_ref"_s, uniqueName(u"ord"_s)},
                           {u"customer"_s, m_alice.id()},
                           {u"partner"_s, m_bob.username()}};
    EXPECT_STATUS(keyed(kOrderRooms, room, secret), 201);
    EXPECT_ERROR(keyed(kEvents, {{u"order_ref"_s, room.value("order_ref"_L1)}}, secret), 403,
                 "forbidden");

    // Listed without its secret, with its last use.
    const Reply listed = m_api.get(kKeys, m_admin);
    EXPECT_STATUS(listed, 200);
    QVERIFY(!QString::fromUtf8(listed.body).contains(secret));
    QJsonObject mine;
    for (const QJsonValue &key : listed.results()) {
        if (key.toObject().value("id"_L1).toString() == id)
            mine = key.toObject();
    }
    QCOMPARE(mine.value("name"_L1).toString(), u"courier"_s);
    QVERIFY(mine.value("last_used_at"_L1).isString());
    QVERIFY(mine.value("revoked_at"_L1).isNull());
    QVERIFY(!mine.contains("secret"_L1));

    // Revoked: 401 from then on.
    const Reply revoked = m_api.post(kKeys + u"/"_s + id + u"/revoke"_s, {}, m_admin);
    EXPECT_STATUS(revoked, 200);
    QVERIFY(revoked.obj().value("revoked_at"_L1).isString());
    EXPECT_ERROR(keyed(kOrderRooms, room, secret), 401, "unauthorized");
    EXPECT_ERROR(m_api.post(kKeys + u"/nope/revoke"_s, {}, m_admin), 404, "not_found");
}

void tst_DeskIntegrations::keyHeaders_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("credential"); // "key" or "token"
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<int>("status");

    QTest::newRow("key as bearer") << kOrderRooms << u"key"_s << QByteArray("Authorization") << 201;
    QTest::newRow("user token on integration")
        << kOrderRooms << u"token"_s << QByteArray("Authorization") << 401;
    QTest::newRow("user token as X-Api-Key")
        << kOrderRooms << u"token"_s << QByteArray("X-Api-Key") << 401;
    QTest::newRow("no credential") << kOrderRooms << QString() << QByteArray() << 401;
    QTest::newRow("key on user endpoint")
        << u"/api/chat/rooms/"_s << u"key"_s << QByteArray("Authorization") << 401;
}

void tst_DeskIntegrations::keyHeaders()
{
    QFETCH(QString, path);
    QFETCH(QString, credential);
    QFETCH(QByteArray, header);
    QFETCH(int, status);
    const QString value = credential == u"key" ? m_secret : m_admin.access;
    Headers headers;
    if (!credential.isEmpty())
        headers.append(
            {header, header == "Authorization" ? "Bearer " + value.toUtf8() : value.toUtf8()});
    const QJsonObject room{{u"order_ref"_s, uniqueName(u"hdr"_s)},
                           {u"customer"_s, m_alice.id()},
                           {u"partner"_s, m_bob.id()},
                           {u"kind"_s, u"order"_s}};
    QJsonObject sent = room;
    if (path == kOrderRooms)
        sent.remove(u"kind"_s);
    const Reply reply = m_api.raw("POST", path, body(sent), headers);
    EXPECT_STATUS(reply, status);
}

void tst_DeskIntegrations::orderRoomReuse()
{
    const QString ref = uniqueName(u"reuse"_s);
    const QString id = orderRoom(ref);
    RETURN_IF_FAILED();
    const Reply again =
        keyed(kOrderRooms,
              {{u"order_ref"_s, ref}, {u"customer"_s, m_alice.id()}, {u"partner"_s, m_bob.id()}},
              m_secret);
    EXPECT_STATUS(again, 200);
    QCOMPARE(again.obj().value("id"_L1).toString(), id);
    QCOMPARE(again.obj().value("order_ref"_L1).toString(), ref);
    EXPECT_VALIDATION(keyed(kOrderRooms,
                            {{u"order_ref"_s, uniqueName(u"x"_s)},
                             {u"customer"_s, u"nobody-at-all"_s},
                             {u"partner"_s, m_bob.id()}},
                            m_secret),
                      "customer");
    EXPECT_VALIDATION(
        keyed(kOrderRooms, {{u"order_ref"_s, ref}, {u"customer"_s, m_alice.id()}}, m_secret),
        "partner");
}

void tst_DeskIntegrations::eventValidation_data()
{
    QTest::addColumn<QJsonObject>("fields"); // besides order_ref and event_id
    QTest::addColumn<QString>("field");      // empty: valid

    const auto job = [](QJsonObject extra) {
        extra.insert(u"type"_s, u"job_update"_s);
        return extra;
    };
    const auto pay = [](QJsonObject extra) {
        extra.insert(u"type"_s, u"payment_initiated"_s);
        return extra;
    };
    const auto dispute = [](QJsonObject extra) {
        extra.insert(u"type"_s, u"dispute_opened"_s);
        return extra;
    };
    const QJsonObject payment{
        {u"amount_minor"_s, 1999}, {u"currency"_s, u"EUR"_s}, {u"payment_ref"_s, u"pi_123"_s}};

    QTest::newRow("unknown type") << QJsonObject{{u"type"_s, u"refund"_s}} << u"type"_s;
    QTest::newRow("no type") << QJsonObject{} << u"type"_s;
    QTest::newRow("job ok") << job({{u"status"_s, u"in_transit"_s},
                                    {u"eta"_s, u"2026-11-21T18:00:00.000Z"_s},
                                    {u"note"_s, u"on the way"_s}})
                            << QString();
    QTest::newRow("job no status") << job({}) << u"status"_s;
    QTest::newRow("job bad status") << job({{u"status"_s, u"lost"_s}}) << u"status"_s;
    QTest::newRow("job status number") << job({{u"status"_s, 3}}) << u"status"_s;
    QTest::newRow("job bad eta") << job({{u"status"_s, u"accepted"_s}, {u"eta"_s, u"soon"_s}})
                                 << u"eta"_s;
    QTest::newRow("job extra field")
        << job({{u"status"_s, u"accepted"_s}, {u"amount_minor"_s, 5}}) << u"amount_minor"_s;
    QTest::newRow("payment ok") << pay(payment) << QString();
    QTest::newRow("payment fractional amount") << pay([&] {
        QJsonObject o = payment;
        o.insert(u"amount_minor"_s, 19.99);
        return o;
    }()) << u"amount_minor"_s;
    QTest::newRow("payment amount as text") << pay([&] {
        QJsonObject o = payment;
        o.insert(u"amount_minor"_s, u"1999"_s);
        return o;
    }()) << u"amount_minor"_s;
    QTest::newRow("payment lowercase currency") << pay([&] {
        QJsonObject o = payment;
        o.insert(u"currency"_s, u"eur"_s);
        return o;
    }()) << u"currency"_s;
    QTest::newRow("payment no reference") << pay([&] {
        QJsonObject o = payment;
        o.remove(u"payment_ref"_s);
        return o;
    }()) << u"payment_ref"_s;
    QTest::newRow("payment extra field") << pay([&] {
        QJsonObject o = payment;
        o.insert(u"status"_s, u"accepted"_s);
        return o;
    }()) << u"status"_s;
    QTest::newRow("dispute ok") << dispute({{u"reason"_s, u"damaged"_s}, {u"text"_s, u"box wet"_s}})
                                << QString();
    QTest::newRow("dispute bad reason") << dispute({{u"reason"_s, u"angry"_s}}) << u"reason"_s;
    QTest::newRow("dispute text number")
        << dispute({{u"reason"_s, u"other"_s}, {u"text"_s, 7}}) << u"text"_s;
}

void tst_DeskIntegrations::eventValidation()
{
    QFETCH(QJsonObject, fields);
    QFETCH(QString, field);
    static const QString ref = uniqueName(u"val"_s);
    static bool opened = false;
    if (!opened) {
        orderRoom(ref);
        RETURN_IF_FAILED();
        opened = true;
    }
    QJsonObject event = fields;
    event.insert(u"order_ref"_s, ref);
    event.insert(u"event_id"_s, uniqueName(u"ev"_s));
    const Reply reply = keyed(kEvents, event, m_secret);
    if (field.isEmpty()) {
        EXPECT_STATUS(reply, 201);
        QCOMPARE(reply.obj().value("type"_L1).toString(), u"system"_s);
        const QJsonObject metadata = reply.obj().value("metadata"_L1).toObject();
        QCOMPARE(metadata.value("event"_L1), fields.value("type"_L1));
        for (auto it = fields.begin(); it != fields.end(); ++it) {
            if (it.key() != u"type")
                QCOMPARE(metadata.value(it.key()), it.value());
        }
    } else {
        EXPECT_ERROR_FIELD(reply, 400, u"validation_failed"_s, field);
    }
}

void tst_DeskIntegrations::eventsReachMembersOnceOnly()
{
    const QString ref = uniqueName(u"live"_s);
    const QString roomId = orderRoom(ref);
    RETURN_IF_FAILED();
    auto aliceWs = connectChat(m_server, m_alice, u"alice"_s);
    auto carolWs = connectChat(m_server, m_carol, u"carol"_s);
    RETURN_IF_FAILED();

    const QJsonObject event{
        {u"order_ref"_s, ref},     {u"event_id"_s, u"evt-1"_s}, {u"type"_s, u"payment_initiated"_s},
        {u"amount_minor"_s, 4250}, {u"currency"_s, u"USD"_s},   {u"payment_ref"_s, u"pay_9"_s}};
    const Reply first = keyed(kEvents, event, m_secret);
    EXPECT_STATUS(first, 201);
    const QString messageId = first.obj().value("id"_L1).toString();
    QCOMPARE(first.obj().value("content"_L1).toString(),
             u"Order %1: payment of 42.50 USD initiated (pay_9)"_s.arg(ref));

    WS_WAIT(live, *aliceWs, u"message"_s, ::parley::test::messageId(messageId));
    const QJsonObject metadata =
        live.value("message"_L1).toObject().value("metadata"_L1).toObject();
    QCOMPARE(metadata.value("event"_L1).toString(), u"payment_initiated"_s);
    QCOMPARE(metadata.value("amount_minor"_L1).toInteger(), 4250);

    // The same event id again: the same message, nothing new anywhere.
    const Reply again = keyed(kEvents, event, m_secret);
    EXPECT_STATUS(again, 200);
    QCOMPARE(again.obj().value("id"_L1).toString(), messageId);
    const QJsonArray history = fullHistory(m_api, m_alice, roomId);
    RETURN_IF_FAILED();
    int events = 0;
    for (const QJsonValue &message : history) {
        if (message.toObject().value("metadata"_L1).toObject().value("event_id"_L1) == u"evt-1"_s)
            ++events;
    }
    QCOMPARE(events, 1);
    // The partner sees it too; a non-member neither over /ws nor in REST.
    QCOMPARE(fullHistory(m_api, m_bob, roomId).size(), history.size());
    WS_NONE(*aliceWs, u"message"_s, ::parley::test::messageId(messageId));
    WS_NONE(*carolWs, u"message"_s);
    EXPECT_ERROR(m_api.get(roomPath(roomId, u"messages"_s), m_carol), 404, "not_found");
    // No room for an unknown order.
    QJsonObject unknownOrder = event;
    unknownOrder.insert(u"order_ref"_s, uniqueName(u"none"_s));
    EXPECT_ERROR(keyed(kEvents, unknownOrder, m_secret), 404, "not_found");
}

QTEST_GUILESS_MAIN(tst_DeskIntegrations)
#include "tst_desk_integrations.moc"
