// The object types of PROTOCOL.md ("Objects"): wire time format, enum names, exact key sets, null
// handling, round trips and malformed input for User, Attachment, Message, Member and Room.
#include "ProtocolTestUtil.h"

#include "protocol/JsonFields.h"
#include "protocol/Message.h"
#include "protocol/Room.h"
#include "protocol/Time.h"
#include "protocol/User.h"

#include <QJsonArray>
#include <QTest>
#include <QTimeZone>

using namespace parley;
using namespace Qt::StringLiterals;
using testutil::object;
using testutil::sortedKeys;

Q_DECLARE_METATYPE(parley::User)
Q_DECLARE_METATYPE(parley::Message)
Q_DECLARE_METATYPE(parley::Room)

namespace {

QDateTime utc(int y, int mo, int d, int h, int mi, int s, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC);
}

User alice()
{
    return User{u"5f0c8a3e-1b2d-4c5e-8f9a-0b1c2d3e4f50"_s,
                u"alice"_s,
                u"Alice A."_s,
                Role::Customer,
                std::nullopt,
                std::nullopt};
}

User staffBob()
{
    User u{u"6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"_s,
           u"bob"_s,
           u"Bob (support)"_s,
           Role::Staff,
           true,
           utc(2026, 11, 21, 9, 59, 58, 7)};
    return u;
}

Attachment invoice()
{
    Attachment a;
    a.id = u"att-1"_s;
    a.name = u"invoice.pdf"_s;
    a.mime = u"application/pdf"_s;
    a.size = 12345;
    a.url = u"/api/chat/files/att-1"_s;
    return a;
}

Attachment photo()
{
    Attachment a;
    a.id = u"att-2"_s;
    a.name = u"cat.png"_s;
    a.mime = u"image/png"_s;
    a.size = 2048;
    a.width = 640;
    a.height = 480;
    a.url = u"/api/chat/files/att-2"_s;
    a.thumbnailUrl = u"/api/chat/files/att-2/thumbnail"_s;
    return a;
}

Message textMessage()
{
    Message m;
    m.id = u"0b7e4c1a-9d2f-4e3b-a1c5-d6e7f8091a2b"_s;
    m.roomId = u"CHAT20261121AB12CD34"_s;
    m.seq = 43;
    m.clientId = u"c-1"_s;
    m.sender = alice();
    m.type = MessageType::Text;
    m.content = u"Hello! Zoë 🎉"_s;
    m.createdAt = utc(2026, 11, 21, 10, 0, 0, 123);
    return m;
}

Message systemMessage()
{
    Message m;
    m.id = u"1c8f5d2b-0e3a-4f4c-b2d6-e7f8091a2b3c"_s;
    m.roomId = u"CHAT20261121AB12CD34"_s;
    m.seq = 1;
    m.type = MessageType::System;
    m.content = u"bob joined"_s;
    m.metadata = QJsonObject{{u"event"_s, u"joined"_s}};
    m.createdAt = utc(2026, 11, 21, 10, 0, 0);
    return m;
}

Room supportRoom()
{
    Room r;
    r.id = u"CHAT20261121AB12CD34"_s;
    r.kind = RoomKind::Support;
    r.subject = u"Help needed"_s;
    r.createdBy = alice().id;
    r.createdAt = utc(2026, 11, 21, 9, 0, 0, 1);
    r.waitingSince = r.createdAt;
    r.members = {Member{alice(), r.createdAt, 0, 0}};
    return r;
}

} // namespace

class TestObjectCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void toWireTime_data();
    void toWireTime();
    void fromWireTime_data();
    void fromWireTime();
    void wireTimeOrNull();
    void epochMs();

    void enumNames_data();
    void enumNames();

    void userKeys();
    void userRoundTrip_data();
    void userRoundTrip();
    void attachmentKeys();
    void messageKeys();
    void messageRoundTrip_data();
    void messageRoundTrip();
    void messageFromProtocolExample();
    void messageBytes_data();
    void messageBytes();
    void roomKeys();
    void roomRoundTrip_data();
    void roomRoundTrip();
    void roomFromProtocolExample();
    void lenientAboutExtraAndAbsentOptionalKeys();

    void malformed_data();
    void malformed();
};

// --- time ---------------------------------------------------------------------------------------

void TestObjectCodec::toWireTime_data()
{
    QTest::addColumn<QDateTime>("time");
    QTest::addColumn<QString>("expected");
    QTest::addRow("utc with ms") << utc(2026, 11, 21, 10, 0, 0, 123)
                                 << u"2026-11-21T10:00:00.123Z"_s;
    QTest::addRow("zero ms still has 3 digits")
        << utc(2026, 1, 2, 3, 4, 5) << u"2026-01-02T03:04:05.000Z"_s;
    QTest::addRow("single-digit ms padded")
        << utc(2026, 1, 2, 3, 4, 5, 7) << u"2026-01-02T03:04:05.007Z"_s;
    QTest::addRow("offset converted to utc")
        << QDateTime(QDate(2026, 11, 21), QTime(12, 30, 0, 500), Qt::OffsetFromUTC, 2 * 3600 + 1800)
        << u"2026-11-21T10:00:00.500Z"_s;
    QTest::addRow("offset crossing midnight")
        << QDateTime(QDate(2026, 1, 1), QTime(1, 0), Qt::OffsetFromUTC, 3 * 3600)
        << u"2025-12-31T22:00:00.000Z"_s;
    QTest::addRow("invalid -> empty") << QDateTime() << QString();
}

void TestObjectCodec::toWireTime()
{
    QFETCH(QDateTime, time);
    QFETCH(QString, expected);
    QCOMPARE(parley::toWireTime(time), expected);
}

void TestObjectCodec::fromWireTime_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("epochMs");
    const qint64 base = utc(2026, 11, 21, 10, 0, 0).toMSecsSinceEpoch();
    QTest::addRow("canonical") << u"2026-11-21T10:00:00.123Z"_s << true << base + 123;
    QTest::addRow("no fraction") << u"2026-11-21T10:00:00Z"_s << true << base;
    QTest::addRow("one fraction digit") << u"2026-11-21T10:00:00.5Z"_s << true << base + 500;
    QTest::addRow("microseconds truncated")
        << u"2026-11-21T10:00:00.123999Z"_s << true << base + 123;
    QTest::addRow("positive offset") << u"2026-11-21T12:00:00.123+02:00"_s << true << base + 123;
    QTest::addRow("negative offset") << u"2026-11-21T05:30:00-04:30"_s << true << base;
    QTest::addRow("zero offset") << u"2026-11-21T10:00:00+00:00"_s << true << base;
    QTest::addRow("lowercase t and z") << u"2026-11-21t10:00:00.000z"_s << true << base;
    QTest::addRow("date only") << u"2026-11-21"_s << false << qint64(0);
    QTest::addRow("no zone (local time)") << u"2026-11-21T10:00:00.123"_s << false << qint64(0);
    QTest::addRow("space separator") << u"2026-11-21 10:00:00Z"_s << false << qint64(0);
    QTest::addRow("month 13") << u"2026-13-01T00:00:00Z"_s << false << qint64(0);
    QTest::addRow("feb 30") << u"2026-02-30T00:00:00Z"_s << false << qint64(0);
    QTest::addRow("hour 24") << u"2026-11-21T24:00:00Z"_s << false << qint64(0);
    QTest::addRow("leap second") << u"2026-12-31T23:59:60Z"_s << false << qint64(0);
    QTest::addRow("offset hours 24") << u"2026-11-21T10:00:00+24:00"_s << false << qint64(0);
    QTest::addRow("trailing newline") << u"2026-11-21T10:00:00.123Z\n"_s << false << qint64(0);
    QTest::addRow("leading space") << u" 2026-11-21T10:00:00.123Z"_s << false << qint64(0);
    QTest::addRow("empty dot") << u"2026-11-21T10:00:00.Z"_s << false << qint64(0);
    QTest::addRow("epoch number") << u"1795255200000"_s << false << qint64(0);
    QTest::addRow("empty") << QString() << false << qint64(0);
    QTest::addRow("garbage") << u"yesterday"_s << false << qint64(0);
}

void TestObjectCodec::fromWireTime()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(qint64, epochMs);
    const auto time = parley::fromWireTime(text);
    QCOMPARE(time.has_value(), valid);
    if (valid) {
        QVERIFY(time->isValid());
        QCOMPARE(time->timeSpec(), Qt::UTC);
        QCOMPARE(time->toMSecsSinceEpoch(), epochMs);
    }
}

void TestObjectCodec::wireTimeOrNull()
{
    QVERIFY(parley::wireTimeOrNull(QDateTime()).isNull());
    const QJsonValue v = parley::wireTimeOrNull(utc(2026, 11, 21, 10, 0, 0, 123));
    QVERIFY(v.isString());
    QCOMPARE(v.toString(), u"2026-11-21T10:00:00.123Z"_s);
}

void TestObjectCodec::epochMs()
{
    const qint64 now = parley::nowMs();
    QVERIFY(qAbs(now - QDateTime::currentMSecsSinceEpoch()) < 5000);
    const QDateTime t = parley::fromEpochMs(now);
    QCOMPARE(t.timeSpec(), Qt::UTC);
    QCOMPARE(t.toMSecsSinceEpoch(), now);
    QCOMPARE(parley::fromWireTime(parley::toWireTime(t)), std::optional<QDateTime>(t));
    QCOMPARE(parley::toWireTime(parley::fromEpochMs(0)), u"1970-01-01T00:00:00.000Z"_s);
}

// --- enums --------------------------------------------------------------------------------------

void TestObjectCodec::enumNames_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("value"); // -1: unknown name
    QTest::addRow("role customer") << u"role"_s << u"customer"_s << int(Role::Customer);
    QTest::addRow("role staff") << u"role"_s << u"staff"_s << int(Role::Staff);
    QTest::addRow("role admin") << u"role"_s << u"admin"_s << int(Role::Admin);
    QTest::addRow("role Admin") << u"role"_s << u"Admin"_s << -1;
    QTest::addRow("role empty") << u"role"_s << QString() << -1;
    QTest::addRow("type text") << u"type"_s << u"text"_s << int(MessageType::Text);
    QTest::addRow("type image") << u"type"_s << u"image"_s << int(MessageType::Image);
    QTest::addRow("type file") << u"type"_s << u"file"_s << int(MessageType::File);
    QTest::addRow("type location") << u"type"_s << u"location"_s << int(MessageType::Location);
    QTest::addRow("type system") << u"type"_s << u"system"_s << int(MessageType::System);
    QTest::addRow("type video") << u"type"_s << u"video"_s << -1;
    QTest::addRow("kind support") << u"kind"_s << u"support"_s << int(RoomKind::Support);
    QTest::addRow("kind order") << u"kind"_s << u"order"_s << int(RoomKind::Order);
    QTest::addRow("kind direct") << u"kind"_s << u"direct"_s << int(RoomKind::Direct);
    QTest::addRow("kind group") << u"kind"_s << u"group"_s << int(RoomKind::Group);
    QTest::addRow("kind channel") << u"kind"_s << u"channel"_s << -1;
    QTest::addRow("status open") << u"status"_s << u"open"_s << int(RoomStatus::Open);
    QTest::addRow("status closed") << u"status"_s << u"closed"_s << int(RoomStatus::Closed);
    QTest::addRow("status OPEN") << u"status"_s << u"OPEN"_s << -1;
}

void TestObjectCodec::enumNames()
{
    QFETCH(QString, kind);
    QFETCH(QString, name);
    QFETCH(int, value);
    std::optional<int> parsed;
    QString back;
    if (kind == u"role") {
        if (auto v = roleFromName(name)) {
            parsed = int(*v);
            back = roleName(*v);
        }
    } else if (kind == u"type") {
        if (auto v = messageTypeFromName(name)) {
            parsed = int(*v);
            back = messageTypeName(*v);
        }
    } else if (kind == u"kind") {
        if (auto v = roomKindFromName(name)) {
            parsed = int(*v);
            back = roomKindName(*v);
        }
    } else {
        if (auto v = roomStatusFromName(name)) {
            parsed = int(*v);
            back = roomStatusName(*v);
        }
    }
    if (value < 0) {
        QVERIFY(!parsed);
    } else {
        QCOMPARE(parsed, std::optional<int>(value));
        QCOMPARE(back, name);
    }
}

// --- user ---------------------------------------------------------------------------------------

void TestObjectCodec::userKeys()
{
    const QJsonObject plain = alice().toJson();
    QCOMPARE(sortedKeys(plain),
             (QStringList{u"display_name"_s, u"id"_s, u"role"_s, u"username"_s}));
    PARLEY_COMPARE_JSON(plain, object(R"({"id":"5f0c8a3e-1b2d-4c5e-8f9a-0b1c2d3e4f50",
        "username":"alice","display_name":"Alice A.","role":"customer"})"));

    // With presence: online and last_seen, null when never seen.
    User present = alice();
    present.online = false;
    const QJsonObject withPresence = present.toJson();
    QCOMPARE(sortedKeys(withPresence), (QStringList{u"display_name"_s, u"id"_s, u"last_seen"_s,
                                                    u"online"_s, u"role"_s, u"username"_s}));
    QVERIFY(withPresence.value(u"last_seen"_s).isNull());
    QCOMPARE(withPresence.value(u"online"_s), QJsonValue(false));

    const QJsonObject bob = staffBob().toJson();
    QCOMPARE(bob.value(u"online"_s), QJsonValue(true));
    QCOMPARE(bob.value(u"last_seen"_s).toString(), u"2026-11-21T09:59:58.007Z"_s);
    QCOMPARE(bob.value(u"role"_s).toString(), u"staff"_s);

    // last_seen without online is not written.
    User noOnline = alice();
    noOnline.lastSeen = utc(2026, 1, 1, 0, 0, 0);
    QVERIFY(!noOnline.toJson().contains(u"last_seen"_s));
}

void TestObjectCodec::userRoundTrip_data()
{
    QTest::addColumn<User>("user");
    QTest::addRow("customer") << alice();
    QTest::addRow("staff online") << staffBob();
    User offline = alice();
    offline.online = false;
    QTest::addRow("offline never seen") << offline;
    User admin{u"7B2C3D4E-5F6A-4B7C-8D9E-0F1A2B3C4D5E"_s,
               u"root.admin-1"_s,
               u"Ådmin \"quoted\" \\ 👑"_s,
               Role::Admin,
               false,
               utc(2025, 2, 28, 23, 59, 59, 999)};
    QTest::addRow("admin offline unicode") << admin;
}

void TestObjectCodec::userRoundTrip()
{
    QFETCH(User, user);
    // Through the serialized text, as on the wire.
    auto body = json::parseObject(testutil::text(user.toJson()));
    QVERIFY(body.ok());
    auto back = User::fromJson(*body);
    PARLEY_CHECK_RESULT(back, QString(), QString());
    QVERIFY(*back == user);
}

// --- message ------------------------------------------------------------------------------------

void TestObjectCodec::attachmentKeys()
{
    const QJsonObject a = invoice().toJson();
    QCOMPARE(sortedKeys(a), (QStringList{u"height"_s, u"id"_s, u"mime"_s, u"name"_s, u"size"_s,
                                         u"thumbnail_url"_s, u"url"_s, u"width"_s}));
    PARLEY_COMPARE_JSON(a, object(R"({"id":"att-1","name":"invoice.pdf","mime":"application/pdf",
        "size":12345,"width":null,"height":null,"url":"/api/chat/files/att-1",
        "thumbnail_url":null})"));
    const QJsonObject p = photo().toJson();
    QCOMPARE(p.value(u"width"_s), QJsonValue(640));
    QCOMPARE(p.value(u"height"_s), QJsonValue(480));
    QCOMPARE(p.value(u"thumbnail_url"_s).toString(), u"/api/chat/files/att-2/thumbnail"_s);
}

void TestObjectCodec::messageKeys()
{
    const QStringList documented{u"attachment"_s, u"client_id"_s, u"content"_s, u"created_at"_s,
                                 u"deleted"_s,    u"edited_at"_s, u"id"_s,      u"metadata"_s,
                                 u"reply_to"_s,   u"room_id"_s,   u"sender"_s,  u"seq"_s,
                                 u"type"_s};
    const QJsonObject sys = systemMessage().toJson();
    QCOMPARE(sortedKeys(sys), documented);
    PARLEY_COMPARE_JSON(sys, object(R"({"id":"1c8f5d2b-0e3a-4f4c-b2d6-e7f8091a2b3c",
        "room_id":"CHAT20261121AB12CD34","seq":1,"client_id":null,"sender":null,"type":"system",
        "content":"bob joined","metadata":{"event":"joined"},"reply_to":null,"attachment":null,
        "created_at":"2026-11-21T10:00:00.000Z","edited_at":null,"deleted":false})"));

    Message full = textMessage();
    full.type = MessageType::File;
    full.replyTo = systemMessage().id;
    full.attachment = invoice();
    full.editedAt = utc(2026, 11, 21, 10, 5, 0, 42);
    const QJsonObject j = full.toJson();
    QCOMPARE(sortedKeys(j), documented);
    QCOMPARE(j.value(u"client_id"_s).toString(), u"c-1"_s);
    QCOMPARE(j.value(u"sender"_s).toObject(), alice().toJson());
    QCOMPARE(j.value(u"type"_s).toString(), u"file"_s);
    QCOMPARE(j.value(u"seq"_s), QJsonValue(43));
    QCOMPARE(j.value(u"metadata"_s), QJsonValue(QJsonObject()));
    QCOMPARE(j.value(u"reply_to"_s).toString(), systemMessage().id);
    QCOMPARE(j.value(u"attachment"_s).toObject(), invoice().toJson());
    QCOMPARE(j.value(u"created_at"_s).toString(), u"2026-11-21T10:00:00.123Z"_s);
    QCOMPARE(j.value(u"edited_at"_s).toString(), u"2026-11-21T10:05:00.042Z"_s);
}

void TestObjectCodec::messageRoundTrip_data()
{
    QTest::addColumn<Message>("message");
    QTest::addRow("text") << textMessage();
    QTest::addRow("system, null sender") << systemMessage();
    Message image = textMessage();
    image.type = MessageType::Image;
    image.content.clear();
    image.attachment = photo();
    QTest::addRow("image with attachment") << image;
    Message file = textMessage();
    file.type = MessageType::File;
    file.content = u"the invoice"_s;
    file.attachment = invoice();
    file.replyTo = systemMessage().id;
    QTest::addRow("file replying") << file;
    Message loc = textMessage();
    loc.type = MessageType::Location;
    loc.content.clear();
    loc.clientId.clear();
    loc.metadata = QJsonObject{{u"lat"_s, 52.5163}, {u"lng"_s, -13.377}, {u"label"_s, u"Gate"_s}};
    QTest::addRow("location") << loc;
    Message edited = textMessage();
    edited.editedAt = utc(2026, 11, 22, 0, 0, 0, 1);
    edited.sender = staffBob();
    QTest::addRow("edited, sender with presence") << edited;
    Message deleted = textMessage();
    deleted.content.clear();
    deleted.deleted = true;
    QTest::addRow("deleted") << deleted;
    Message big = textMessage();
    big.seq = json::kMaxSafeInteger;
    QTest::addRow("largest seq") << big;
}

void TestObjectCodec::messageRoundTrip()
{
    QFETCH(Message, message);
    auto body = json::parseObject(testutil::text(message.toJson()));
    QVERIFY(body.ok());
    auto back = Message::fromJson(*body);
    PARLEY_CHECK_RESULT(back, QString(), QString());
    QVERIFY(*back == message);
    PARLEY_COMPARE_JSON(back->toJson(), message.toJson());
}

void TestObjectCodec::messageBytes_data()
{
    // Every row of the round trip, and the text and times a writer gets wrong first.
    messageRoundTrip_data();
    const auto withContent = [](const QString &content) {
        Message m = textMessage();
        m.content = content;
        return m;
    };
    QTest::addRow("quotes and backslashes") << withContent(u"say \"hi\" \\o/ \\\""_s);
    QTest::addRow("named escapes") << withContent(u"a\bb\fc\nd\re\tf/"_s);
    QString controls;
    for (char16_t c = 0; c < 0x20; ++c)
        controls.append(QChar(c));
    controls.append(QChar(0x7f));
    QTest::addRow("every control") << withContent(controls);
    QTest::addRow("two, three and four byte UTF-8")
        << withContent(u"\u00e9\u07ff\u0800\u20ac\uffee\U0001F600\U0010FFFF"_s);
    QTest::addRow("byte order marks") << withContent(QString(QChar(0xfeff)) + u"x\ufeffy"_s);
    QString lone = u"a"_s;
    lone.append(QChar(0xd83d)).append(u'b').append(QChar(0xde00)).append(QChar(0xdbff));
    QTest::addRow("lone surrogates") << withContent(lone);
    QTest::addRow("long text") << withContent(QString(5000, u'\u00fc') + QString(3000, u'x'));
    Message before1970 = textMessage();
    before1970.createdAt = utc(1969, 12, 31, 23, 59, 59, 999);
    before1970.editedAt = utc(1, 1, 1, 0, 0, 0, 1);
    QTest::addRow("before 1970") << before1970;
    Message late = textMessage();
    late.createdAt = utc(9999, 12, 31, 23, 59, 59, 999);
    late.editedAt = QDateTime::fromMSecsSinceEpoch(1767225600000, QTimeZone(3600 * 5 + 1800));
    QTest::addRow("year 9999, a time not in UTC") << late;
    Message neverSeen = textMessage();
    neverSeen.sender->online = false;
    QTest::addRow("sender offline, never seen") << neverSeen;
    Message nested = systemMessage();
    nested.metadata =
        QJsonObject{{u"b"_s, QJsonArray{1, u"x\ny"_s, QJsonObject{{u"k"_s, true}}}}, {u"a"_s, 0.5}};
    QTest::addRow("nested metadata") << nested;
}

void TestObjectCodec::messageBytes()
{
    QFETCH(Message, message);
    QCOMPARE(message.toJsonBytes(), json::compact(message.toJson()));
}

void TestObjectCodec::messageFromProtocolExample()
{
    // PROTOCOL.md's Message example with its placeholders filled in.
    const QJsonObject example = object(R"({"id": "0b7e4c1a-9d2f-4e3b-a1c5-d6e7f8091a2b",
        "room_id": "CHAT20261121AB12CD34", "seq": 43, "client_id": null,
        "sender": {"id": "5f0c8a3e-1b2d-4c5e-8f9a-0b1c2d3e4f50", "username": "alice",
                   "display_name": "Alice A.", "role": "customer"},
        "type": "file", "content": "Hello!", "metadata": {}, "reply_to": null,
        "attachment": {"id": "att-1", "name": "invoice.pdf", "mime": "application/pdf",
                       "size": 12345, "width": null, "height": null,
                       "url": "/api/chat/files/att-1", "thumbnail_url": null},
        "created_at": "2026-11-21T10:00:00.123Z", "edited_at": null, "deleted": false})");
    auto m = Message::fromJson(example);
    PARLEY_CHECK_RESULT(m, QString(), QString());
    QCOMPARE(m->seq, 43);
    QVERIFY(m->clientId.isEmpty());
    QVERIFY(m->sender.has_value());
    QVERIFY(*m->sender == alice());
    QCOMPARE(m->type, MessageType::File);
    QVERIFY(m->attachment.has_value());
    QVERIFY(*m->attachment == invoice());
    QCOMPARE(m->createdAt, utc(2026, 11, 21, 10, 0, 0, 123));
    QVERIFY(!m->editedAt.isValid());
    QVERIFY(!m->deleted);
    // And it writes back exactly what it read.
    PARLEY_COMPARE_JSON(m->toJson(), example);
}

// --- room ---------------------------------------------------------------------------------------

void TestObjectCodec::roomKeys()
{
    const QStringList documented{
        u"archived"_s, u"assignee"_s, u"created_at"_s,   u"created_by"_s,
        u"id"_s,       u"kind"_s,     u"last_message"_s, u"last_message_at"_s,
        u"last_seq"_s, u"members"_s,  u"muted"_s,        u"order_ref"_s,
        u"status"_s,   u"subject"_s,  u"unread_count"_s, u"waiting_since"_s};
    Room bare;
    bare.id = u"CHAT20261121AB12CD34"_s;
    bare.createdBy = alice().id;
    bare.createdAt = utc(2026, 11, 21, 9, 0, 0);
    const QJsonObject j = bare.toJson();
    QCOMPARE(sortedKeys(j), documented);
    PARLEY_COMPARE_JSON(j, object(R"({"id":"CHAT20261121AB12CD34","kind":"support","subject":"",
        "order_ref":null,"status":"open","created_by":"5f0c8a3e-1b2d-4c5e-8f9a-0b1c2d3e4f50",
        "created_at":"2026-11-21T09:00:00.000Z","last_message_at":null,"last_seq":0,"members":[],
        "unread_count":0,"last_message":null,"muted":false,"archived":false,
        "waiting_since":null,"assignee":null})"));
    QVERIFY(j.value(u"subject"_s).isString());

    Room full = supportRoom();
    full.kind = RoomKind::Order;
    full.orderRef = u"ORD-1001"_s;
    full.status = RoomStatus::Closed;
    full.lastMessage = textMessage();
    full.lastMessageAt = textMessage().createdAt;
    full.lastSeq = 43;
    full.unreadCount = 2;
    full.muted = true;
    full.archived = true;
    const QJsonObject f = full.toJson();
    QCOMPARE(sortedKeys(f), documented);
    QCOMPARE(f.value(u"kind"_s).toString(), u"order"_s);
    QCOMPARE(f.value(u"order_ref"_s).toString(), u"ORD-1001"_s);
    QCOMPARE(f.value(u"status"_s).toString(), u"closed"_s);
    QCOMPARE(f.value(u"last_message"_s).toObject(), textMessage().toJson());
    QCOMPARE(f.value(u"last_message_at"_s).toString(), u"2026-11-21T10:00:00.123Z"_s);
    QCOMPARE(f.value(u"waiting_since"_s).toString(), u"2026-11-21T09:00:00.001Z"_s);
    QCOMPARE(f.value(u"unread_count"_s), QJsonValue(2));
    QCOMPARE(f.value(u"muted"_s), QJsonValue(true));
    QCOMPARE(f.value(u"archived"_s), QJsonValue(true));
    const QJsonArray members = f.value(u"members"_s).toArray();
    QCOMPARE(members.size(), 1);
    QCOMPARE(sortedKeys(members.at(0).toObject()),
             (QStringList{u"delivered_seq"_s, u"joined_at"_s, u"read_seq"_s, u"user"_s}));
}

void TestObjectCodec::roomRoundTrip_data()
{
    QTest::addColumn<Room>("room");
    QTest::addRow("support in queue") << supportRoom();
    Room order = supportRoom();
    order.kind = RoomKind::Order;
    order.orderRef = u"ORD-1001"_s;
    order.waitingSince = QDateTime();
    order.subject.clear();
    QTest::addRow("order, empty subject") << order;
    Room direct = supportRoom();
    direct.kind = RoomKind::Direct;
    direct.waitingSince = QDateTime();
    direct.members.append(Member{staffBob(), utc(2026, 11, 21, 9, 30, 0), 43, 43});
    direct.members[0].readSeq = 41;
    direct.members[0].deliveredSeq = 43;
    direct.lastMessage = textMessage();
    direct.lastMessageAt = textMessage().createdAt;
    direct.lastSeq = 43;
    direct.unreadCount = 2;
    direct.muted = true;
    QTest::addRow("direct with members and last message") << direct;
    Room closed = supportRoom();
    closed.kind = RoomKind::Group;
    closed.status = RoomStatus::Closed;
    closed.archived = true;
    closed.members.clear();
    closed.lastMessage = systemMessage();
    QTest::addRow("closed group, system last message") << closed;
}

void TestObjectCodec::roomRoundTrip()
{
    QFETCH(Room, room);
    auto body = json::parseObject(testutil::text(room.toJson()));
    QVERIFY(body.ok());
    auto back = Room::fromJson(*body);
    PARLEY_CHECK_RESULT(back, QString(), QString());
    QVERIFY(*back == room);
    PARLEY_COMPARE_JSON(back->toJson(), room.toJson());
}

void TestObjectCodec::roomFromProtocolExample()
{
    const QJsonObject example = object(R"({"id": "CHAT20261121AB12CD34", "kind": "order",
        "subject": "Help needed", "order_ref": "ORD-1001", "status": "open",
        "created_by": "5f0c8a3e-1b2d-4c5e-8f9a-0b1c2d3e4f50",
        "created_at": "2026-11-21T09:00:00.000Z", "last_message_at": "2026-11-21T10:00:00.123Z",
        "last_seq": 42,
        "members": [{"user": {"id": "5f0c8a3e-1b2d-4c5e-8f9a-0b1c2d3e4f50", "username": "alice",
                              "display_name": "Alice A.", "role": "customer"},
                     "joined_at": "2026-11-21T09:00:00.000Z", "read_seq": 40,
                     "delivered_seq": 42}],
        "unread_count": 2, "last_message": null, "muted": false, "archived": false,
        "waiting_since": null, "assignee": null})");
    auto r = Room::fromJson(example);
    PARLEY_CHECK_RESULT(r, QString(), QString());
    QCOMPARE(r->kind, RoomKind::Order);
    QCOMPARE(r->orderRef, u"ORD-1001"_s);
    QCOMPARE(r->lastSeq, 42);
    QCOMPARE(r->members.size(), 1);
    QCOMPARE(r->members[0].readSeq, 40);
    QCOMPARE(r->members[0].deliveredSeq, 42);
    QVERIFY(r->members[0].user == alice());
    QCOMPARE(r->unreadCount, 2);
    QVERIFY(!r->waitingSince.isValid());
    PARLEY_COMPARE_JSON(r->toJson(), example);
}

void TestObjectCodec::lenientAboutExtraAndAbsentOptionalKeys()
{
    // A newer server may add keys; an older one may omit nullable ones.
    auto user = User::fromJson(object(R"({"id":"u1","username":"alice","display_name":"A",
        "role":"admin","avatar":"x.png","online":null})"));
    PARLEY_CHECK_RESULT(user, QString(), QString());
    QVERIFY(!user->online);

    auto message = Message::fromJson(object(R"({"id":"m1","room_id":"CHAT20261121AB12CD34",
        "seq":1,"type":"text","content":"hi","created_at":"2026-11-21T10:00:00Z",
        "reactions":[]})"));
    PARLEY_CHECK_RESULT(message, QString(), QString());
    QVERIFY(!message->sender);
    QVERIFY(message->metadata.isEmpty());
    QVERIFY(!message->deleted);

    auto room = Room::fromJson(object(R"({"id":"CHAT20261121AB12CD34","kind":"group",
        "subject":null,"status":"open","created_by":"u1","created_at":"2026-11-21T10:00:00Z",
        "last_seq":0,"topic":"x"})"));
    PARLEY_CHECK_RESULT(room, QString(), QString());
    QVERIFY(room->subject.isEmpty());
    QVERIFY(room->members.isEmpty());
    QCOMPARE(room->unreadCount, 0);
}

// --- malformed ----------------------------------------------------------------------------------

void TestObjectCodec::malformed_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QJsonObject>("patch"); // merged over a valid object; null removes a key
    QTest::addColumn<QString>("field");

    const auto row = [](const char *name, const QString &type, const QByteArray &patch,
                        const QString &field) {
        QTest::addRow("%s", name) << type << object(patch) << field;
    };
    // The patch's null removes the key: {"id": null} means "id missing".
    row("user: id missing", u"user"_s, R"({"id":null})", u"id"_s);
    row("user: id number", u"user"_s, R"({"id":5})", u"id"_s);
    row("user: username array", u"user"_s, R"({"username":["alice"]})", u"username"_s);
    row("user: display_name missing", u"user"_s, R"({"display_name":null})", u"display_name"_s);
    row("user: role unknown", u"user"_s, R"({"role":"root"})", u"role"_s);
    row("user: role missing", u"user"_s, R"({"role":null})", u"role"_s);
    row("user: online string", u"user"_s, R"({"online":"true"})", u"online"_s);
    row("user: online number", u"user"_s, R"({"online":1})", u"online"_s);
    row("user: last_seen not a time", u"user"_s, R"({"online":true,"last_seen":"yesterday"})",
        u"last_seen"_s);
    row("user: last_seen number", u"user"_s, R"({"online":true,"last_seen":1700000000})",
        u"last_seen"_s);

    row("message: id missing", u"message"_s, R"({"id":null})", u"id"_s);
    row("message: room_id number", u"message"_s, R"({"room_id":1})", u"room_id"_s);
    row("message: seq missing", u"message"_s, R"({"seq":null})", u"seq"_s);
    row("message: seq string", u"message"_s, R"({"seq":"43"})", u"seq"_s);
    row("message: seq fraction", u"message"_s, R"({"seq":1.5})", u"seq"_s);
    row("message: seq negative", u"message"_s, R"({"seq":-1})", u"seq"_s);
    row("message: seq above 2^53", u"message"_s, R"({"seq":9007199254740993})", u"seq"_s);
    row("message: seq huge", u"message"_s, R"({"seq":1e300})", u"seq"_s);
    row("message: type unknown", u"message"_s, R"({"type":"video"})", u"type"_s);
    row("message: type missing", u"message"_s, R"({"type":null})", u"type"_s);
    row("message: content missing", u"message"_s, R"({"content":null})", u"content"_s);
    row("message: content number", u"message"_s, R"({"content":42})", u"content"_s);
    row("message: client_id number", u"message"_s, R"({"client_id":7})", u"client_id"_s);
    row("message: sender string", u"message"_s, R"({"sender":"alice"})", u"sender"_s);
    row("message: sender bad role", u"message"_s,
        R"({"sender":{"id":"u","username":"a","display_name":"A","role":"boss"}})",
        u"sender.role"_s);
    row("message: sender missing id", u"message"_s,
        R"({"sender":{"username":"a","display_name":"A","role":"staff"}})", u"sender.id"_s);
    row("message: metadata array", u"message"_s, R"({"metadata":[]})", u"metadata"_s);
    row("message: reply_to object", u"message"_s, R"({"reply_to":{}})", u"reply_to"_s);
    row("message: attachment array", u"message"_s, R"({"attachment":[]})", u"attachment"_s);
    row("message: attachment size string", u"message"_s,
        R"({"attachment":{"id":"a","name":"n","mime":"m","size":"5","url":"/u"}})",
        u"attachment.size"_s);
    row("message: attachment width fraction", u"message"_s,
        R"({"attachment":{"id":"a","name":"n","mime":"m","size":5,"url":"/u","width":1.5}})",
        u"attachment.width"_s);
    row("message: attachment url missing", u"message"_s,
        R"({"attachment":{"id":"a","name":"n","mime":"m","size":5}})", u"attachment.url"_s);
    row("message: created_at missing", u"message"_s, R"({"created_at":null})", u"created_at"_s);
    row("message: created_at no zone", u"message"_s, R"({"created_at":"2026-11-21T10:00:00"})",
        u"created_at"_s);
    row("message: edited_at garbage", u"message"_s, R"({"edited_at":"soon"})", u"edited_at"_s);
    row("message: deleted string", u"message"_s, R"({"deleted":"false"})", u"deleted"_s);

    row("room: id missing", u"room"_s, R"({"id":null})", u"id"_s);
    row("room: kind unknown", u"room"_s, R"({"kind":"channel"})", u"kind"_s);
    row("room: status unknown", u"room"_s, R"({"status":"archived"})", u"status"_s);
    row("room: subject number", u"room"_s, R"({"subject":5})", u"subject"_s);
    row("room: order_ref bool", u"room"_s, R"({"order_ref":true})", u"order_ref"_s);
    row("room: created_by missing", u"room"_s, R"({"created_by":null})", u"created_by"_s);
    row("room: created_at bad", u"room"_s, R"({"created_at":"2026-02-30T00:00:00Z"})",
        u"created_at"_s);
    row("room: last_seq string", u"room"_s, R"({"last_seq":"42"})", u"last_seq"_s);
    row("room: last_seq missing", u"room"_s, R"({"last_seq":null})", u"last_seq"_s);
    row("room: unread_count negative", u"room"_s, R"({"unread_count":-2})", u"unread_count"_s);
    row("room: members object", u"room"_s, R"({"members":{}})", u"members"_s);
    row("room: members of strings", u"room"_s, R"({"members":["u1"]})", u"members[0]"_s);
    row("room: member without user", u"room"_s,
        R"({"members":[{"joined_at":"2026-11-21T10:00:00Z","read_seq":0,"delivered_seq":0}]})",
        u"members[0].user"_s);
    row("room: member user bad", u"room"_s,
        R"({"members":[{"user":{"id":1},"joined_at":"2026-11-21T10:00:00Z","read_seq":0,
            "delivered_seq":0}]})",
        u"members[0].user.id"_s);
    row("room: second member read_seq fraction", u"room"_s,
        R"({"members":[{"user":{"id":"u","username":"a","display_name":"A","role":"staff"},
            "joined_at":"2026-11-21T10:00:00Z","read_seq":0,"delivered_seq":0},
           {"user":{"id":"u","username":"a","display_name":"A","role":"staff"},
            "joined_at":"2026-11-21T10:00:00Z","read_seq":0.5,"delivered_seq":0}]})",
        u"members[1].read_seq"_s);
    row("room: member joined_at missing", u"room"_s,
        R"({"members":[{"user":{"id":"u","username":"a","display_name":"A","role":"staff"},
            "read_seq":0,"delivered_seq":0}]})",
        u"members[0].joined_at"_s);
    row("room: last_message bad seq", u"room"_s,
        R"({"last_message":{"id":"m","room_id":"r","seq":"x","type":"text","content":"",
            "created_at":"2026-11-21T10:00:00Z"}})",
        u"last_message.seq"_s);
    row("room: last_message array", u"room"_s, R"({"last_message":[]})", u"last_message"_s);
    row("room: muted number", u"room"_s, R"({"muted":0})", u"muted"_s);
    row("room: waiting_since bad", u"room"_s, R"({"waiting_since":"now"})", u"waiting_since"_s);
}

void TestObjectCodec::malformed()
{
    QFETCH(QString, type);
    QFETCH(QJsonObject, patch);
    QFETCH(QString, field);

    QJsonObject obj;
    if (type == u"user") {
        obj = staffBob().toJson();
    } else if (type == u"message") {
        Message m = textMessage();
        m.attachment = photo();
        obj = m.toJson();
    } else {
        Room r = supportRoom();
        r.lastMessage = textMessage();
        obj = r.toJson();
    }
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (it.value().isNull())
            obj.remove(it.key());
        else
            obj.insert(it.key(), it.value());
    }

    QString code;
    QString actualField;
    if (type == u"user") {
        auto r = User::fromJson(obj);
        code = testutil::codeOf(r);
        actualField = testutil::fieldOf(r);
    } else if (type == u"message") {
        auto r = Message::fromJson(obj);
        code = testutil::codeOf(r);
        actualField = testutil::fieldOf(r);
    } else {
        auto r = Room::fromJson(obj);
        code = testutil::codeOf(r);
        actualField = testutil::fieldOf(r);
    }
    QCOMPARE(code, u"validation_failed"_s);
    QCOMPARE(actualField, field);
}

QTEST_APPLESS_MAIN(TestObjectCodec)
#include "tst_object_codec.moc"
