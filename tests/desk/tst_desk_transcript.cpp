// Transcript export (docs/API.md "Transcripts"): staff download a room as JSON or plain text with
// every message, each edit's previous versions in order, deleted content with who deleted it and
// when, private notes marked private, attachments and system messages; customers get nothing.
#include "UploadSupport.h"
#include "WsTest.h"

using namespace Qt::StringLiterals;
using namespace parley::test;

class tst_DeskTranscript : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void customersCannotExport_data();
    void customersCannotExport();
    void jsonHasEveryVersion();
    void textHasEveryVersion();
    void downloadHeaders_data();
    void downloadHeaders();

private:
    QJsonArray entriesOfKind(const QJsonArray &entries, const QString &kind) const;

    TestServer m_server;
    ApiClient m_api{&m_server};
    Session m_sam;   // staff, member
    Session m_tom;   // staff, not a member
    Session m_alice; // the customer
    QString m_room;
    QString m_edited;  // v1 -> v2 -> v3
    QString m_deleted; // deleted by sam
    QString m_file;    // a file message, deleted by alice
    QString m_note;
    QString m_fileName;
};

void tst_DeskTranscript::initTestCase()
{
    const auto dumpLog = qScopeGuard([this] { m_server.dumpLogIfFailed(); });
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_sam = m_server.createUser(uniqueName(u"sam"_s), u"staff"_s);
    m_tom = m_server.createUser(uniqueName(u"tom"_s), u"staff"_s);
    m_alice = m_api.registerUser(uniqueName(u"alice"_s));
    RETURN_IF_FAILED();
    m_room = openSupportRoom(m_api, m_alice, u"Transcript"_s);
    RETURN_IF_FAILED();
    m_edited = send(m_api, m_alice, m_room, u"version one"_s).id;
    roomAction(m_api, m_sam, m_room, u"join"_s);
    RETURN_IF_FAILED();
    EXPECT_STATUS(m_api.patch(messagePath(m_edited), {{u"content"_s, u"version two"_s}}, m_alice),
                  200);
    EXPECT_STATUS(m_api.patch(messagePath(m_edited), {{u"content"_s, u"version three"_s}}, m_alice),
                  200);
    m_deleted = send(m_api, m_alice, m_room, u"my card number is 1234"_s).id;
    RETURN_IF_FAILED();
    EXPECT_STATUS(m_api.del(messagePath(m_deleted), m_sam), 200);
    const Reply note =
        m_api.post(roomPath(m_room, u"notes"_s), {{u"content"_s, u"customer is upset"_s}}, m_sam);
    EXPECT_STATUS(note, 201);
    m_note = note.obj().value("id"_L1).toString();
    m_fileName = u"invoice.txt"_s;
    const Reply up = upload(m_api, m_alice, m_fileName, QByteArray("Order 1001 invoice.\n"));
    EXPECT_STATUS(up, 201);
    m_file = sendJson(m_api, m_alice, m_room,
                      {{u"type"_s, u"file"_s},
                       {u"content"_s, u"the invoice"_s},
                       {u"attachment_id"_s, up.obj().value("id"_L1).toString()}})
                 .value("id"_L1)
                 .toString();
    RETURN_IF_FAILED();
    EXPECT_STATUS(m_api.del(messagePath(m_file), m_alice), 200);
    send(m_api, m_sam, m_room, u"Line one\nline two"_s);
    roomAction(m_api, m_sam, m_room, u"close"_s);
}

void tst_DeskTranscript::cleanup()
{
    m_server.dumpLogIfFailed();
}

QJsonArray tst_DeskTranscript::entriesOfKind(const QJsonArray &entries, const QString &kind) const
{
    QJsonArray out;
    for (const QJsonValue &v : entries) {
        if (v.toObject().value("kind"_L1).toString() == kind)
            out.append(v);
    }
    return out;
}

void tst_DeskTranscript::customersCannotExport_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("json") << u"json"_s;
    QTest::newRow("text") << u"text"_s;
    QTest::newRow("default") << QString();
}

void tst_DeskTranscript::customersCannotExport()
{
    QFETCH(QString, format);
    const QString path =
        roomPath(m_room, u"transcript"_s) + (format.isEmpty() ? QString() : u"?format="_s + format);
    const Reply reply = m_api.get(path, m_alice);
    EXPECT_ERROR(reply, 403, "forbidden");
    QVERIFY(!reply.body.contains("version one"));
    QVERIFY(reply.header("content-disposition").isEmpty());
    EXPECT_ERROR(m_api.get(path), 401, "unauthorized");
}

void tst_DeskTranscript::jsonHasEveryVersion()
{
    // Staff need not be members.
    const Reply reply = m_api.get(roomPath(m_room, u"transcript"_s) + u"?format=json"_s, m_tom);
    EXPECT_STATUS(reply, 200);
    const QJsonObject t = reply.obj();
    QCOMPARE(t.value("room"_L1).toObject().value("id"_L1).toString(), m_room);
    QCOMPARE(t.value("room"_L1).toObject().value("status"_L1).toString(), u"closed"_s);
    WS_CHECK(checkUser(t.value("exported_by"_L1), m_tom, "exported_by"));
    const QJsonArray entries = t.value("entries"_L1).toArray();

    // Every message of the history, in seq order, with nothing left out.
    const QJsonArray messages = entriesOfKind(entries, u"message"_s);
    QList<qint64> seqs;
    for (const QJsonValue &v : messages)
        seqs << v.toObject().value("message"_L1).toObject().value("seq"_L1).toInteger();
    QCOMPARE(seqs, range(1, fetchRoom(m_api, m_sam, m_room).value("last_seq"_L1).toInteger()));
    QJsonObject edited, deleted, file, system;
    for (const QJsonValue &v : messages) {
        const QJsonObject message = v.toObject().value("message"_L1).toObject();
        const QString id = message.value("id"_L1).toString();
        if (id == m_edited)
            edited = v.toObject();
        else if (id == m_deleted)
            deleted = v.toObject();
        else if (id == m_file)
            file = v.toObject();
        else if (message.value("type"_L1).toString() == u"system" && system.isEmpty())
            system = v.toObject();
        QCOMPARE(v.toObject().value("private"_L1).toBool(), false);
    }

    // The edits: the current version, and before it every earlier one in order.
    QCOMPARE(edited.value("message"_L1).toObject().value("content"_L1).toString(),
             u"version three"_s);
    const QJsonArray edits = edited.value("history"_L1).toArray();
    QCOMPARE(edits.size(), 2);
    QCOMPARE(edits.at(0).toObject().value("version"_L1).toInt(), 1);
    QCOMPARE(edits.at(0).toObject().value("action"_L1).toString(), u"edit"_s);
    QCOMPARE(edits.at(0).toObject().value("previous_content"_L1).toString(), u"version one"_s);
    QCOMPARE(edits.at(1).toObject().value("previous_content"_L1).toString(), u"version two"_s);
    WS_CHECK(checkUser(edits.at(1).toObject().value("by"_L1), m_alice, "edit by"));
    EXPECT_MATCH(edits.at(1).toObject().value("at"_L1).toString(), kTimePattern);

    // The deletion: what was deleted, by whom, when.
    QCOMPARE(deleted.value("message"_L1).toObject().value("deleted"_L1).toBool(), true);
    QCOMPARE(deleted.value("message"_L1).toObject().value("content"_L1).toString(), QString());
    const QJsonArray removal = deleted.value("history"_L1).toArray();
    QCOMPARE(removal.size(), 1);
    QCOMPARE(removal.at(0).toObject().value("action"_L1).toString(), u"delete"_s);
    QCOMPARE(removal.at(0).toObject().value("previous_content"_L1).toString(),
             u"my card number is 1234"_s);
    WS_CHECK(checkUser(removal.at(0).toObject().value("by"_L1), m_sam, "deleted by"));
    EXPECT_MATCH(removal.at(0).toObject().value("at"_L1).toString(), kTimePattern);

    // The deleted file message keeps what it carried.
    const QJsonObject fileRemoval = file.value("history"_L1).toArray().at(0).toObject();
    QCOMPARE(fileRemoval.value("previous_content"_L1).toString(), u"the invoice"_s);
    QCOMPARE(fileRemoval.value("previous_attachment"_L1).toObject().value("name"_L1).toString(),
             m_fileName);
    QVERIFY(!system.isEmpty());
    QVERIFY(
        system.value("message"_L1).toObject().value("content"_L1).toString().contains(u"joined"_s));

    // The private note, marked private, between the messages of its time.
    const QJsonArray notes = entriesOfKind(entries, u"note"_s);
    QCOMPARE(notes.size(), 1);
    QCOMPARE(notes.at(0).toObject().value("private"_L1).toBool(), true);
    QCOMPARE(notes.at(0).toObject().value("note"_L1).toObject().value("id"_L1).toString(), m_note);
    qsizetype noteAt = -1, deletedAt = -1, fileAt = -1;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonObject e = entries.at(i).toObject();
        if (e.value("kind"_L1) == u"note"_s)
            noteAt = i;
        const QString id = e.value("message"_L1).toObject().value("id"_L1).toString();
        if (id == m_deleted)
            deletedAt = i;
        if (id == m_file)
            fileAt = i;
    }
    QVERIFY(deletedAt < noteAt && noteAt < fileAt);
}

void tst_DeskTranscript::textHasEveryVersion()
{
    const Reply reply = m_api.get(roomPath(m_room, u"transcript"_s) + u"?format=text"_s, m_sam);
    EXPECT_STATUS(reply, 200);
    QCOMPARE(reply.header("content-type"), QByteArray("text/plain; charset=utf-8"));
    const QString text = QString::fromUtf8(reply.body);
    const QStringList lines = text.split(u'\n');
    const auto lineWith = [&](const QString &needle) {
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (lines.at(i).contains(needle))
                return i;
        }
        return qsizetype(-1);
    };
    QVERIFY2(
        lines.first().startsWith(u"Transcript of conversation %1 (support, closed)"_s.arg(m_room)),
        qPrintable(text));
    // The edited message: its current text, then both earlier versions in order, each with who.
    const qsizetype current = lineWith(u"version three (edited)"_s);
    const qsizetype v1 = lineWith(u"edited 1 at "_s);
    const qsizetype v2 = lineWith(u"edited 2 at "_s);
    QVERIFY2(current >= 0 && v1 == current + 1 && v2 == current + 2, qPrintable(text));
    QVERIFY(lines.at(v1).endsWith(u"before: version one"_s));
    QVERIFY(lines.at(v2).endsWith(u"before: version two"_s));
    QVERIFY(lines.at(v1).contains(m_alice.username()));
    // The deletion: shown as deleted, with the removed text and who removed it.
    const qsizetype removal = lineWith(u"before: my card number is 1234"_s);
    QVERIFY2(removal > 0 && lines.at(removal).contains(u"deleted 1 at "_s), qPrintable(text));
    QVERIFY(lines.at(removal).contains(m_sam.username()));
    QVERIFY(lines.at(removal - 1).endsWith(u"[deleted]"_s));
    // The note is marked private; the file and the system messages are there.
    QVERIFY(lines.at(lineWith(u"customer is upset"_s)).contains(u"[private note]"_s));
    QVERIFY(lineWith(u"[file %1, text/plain"_s.arg(m_fileName)) > 0);
    QVERIFY(lineWith(u"[system]"_s) > 0);
    QVERIFY(lineWith(u"closed the conversation"_s) > 0);
    // Multi-line messages stay one entry, continuation indented.
    QCOMPARE(lines.at(lineWith(u"Line one"_s) + 1), u"    line two"_s);
}

void tst_DeskTranscript::downloadHeaders_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QByteArray>("extension");
    QTest::newRow("json") << u"?format=json"_s << QByteArray("json");
    QTest::newRow("default is json") << QString() << QByteArray("json");
    QTest::newRow("text") << u"?format=text"_s << QByteArray("txt");
}

void tst_DeskTranscript::downloadHeaders()
{
    QFETCH(QString, query);
    QFETCH(QByteArray, extension);
    const Reply reply = m_api.get(roomPath(m_room, u"transcript"_s) + query, m_sam);
    EXPECT_STATUS(reply, 200);
    const QByteArray disposition = reply.header("content-disposition");
    QVERIFY2(disposition.startsWith("attachment; filename=\"transcript-" + m_room.toLatin1() + '.' +
                                    extension + '"'),
             disposition.constData());
    EXPECT_VALIDATION(m_api.get(roomPath(m_room, u"transcript"_s) + u"?format=pdf"_s, m_sam),
                      "format");
    EXPECT_ERROR(m_api.get(roomPath(u"CHAT20260101NOSUCHRM"_s, u"transcript"_s), m_sam), 404,
                 "not_found");
}

QTEST_GUILESS_MAIN(tst_DeskTranscript)
#include "tst_desk_transcript.moc"
