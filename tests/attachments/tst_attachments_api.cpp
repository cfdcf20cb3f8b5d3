// End-to-end tests of uploads, downloads and thumbnails against the real parley-server
// (PROTOCOL.md "Uploads" and /api/chat/files/; docs/API.md "Uploads and files"): every accepted
// type, spoofed types, size limits with the server's memory watched, odd names, who may
// download, ETag/Range, thumbnails and image/file messages over REST and WebSocket.
#include "UploadSupport.h"
#include "WsTest.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QImage>
#include <QRegularExpression>
#include <QTcpSocket>

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

constexpr qint64 kMaxUpload = 4 * 1024 * 1024;
// What the server may grow by while it takes a body several times its read buffer: it keeps
// only pieces of the upload in memory.
constexpr qint64 kFlatRssKb = 6 * 1024;
// Under AddressSanitizer freed memory sits in quarantine, so RSS growth says nothing there.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kRssIsMeaningful = false;
#else
constexpr bool kRssIsMeaningful = true;
#endif

quint32 crc32(const QByteArray &data)
{
    quint32 crc = 0xffffffffu;
    for (char ch : data) {
        crc ^= quint8(ch);
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

QByteArray pngChunk(const QByteArray &type, const QByteArray &data)
{
    QByteArray out;
    const auto be32 = [&out](quint32 v) {
        for (int shift : {24, 16, 8, 0})
            out.append(char((v >> shift) & 0xff));
    };
    be32(quint32(data.size()));
    out += type + data;
    const quint32 crc = crc32(type + data);
    be32(crc);
    return out;
}

// A valid 1-bit grayscale PNG of side x side pixels, all black: a few KB on the wire that would
// take side*side*4 bytes to decode (a decompression bomb for side = 20000).
QByteArray bombPng(quint32 side)
{
    QByteArray ihdr;
    for (int shift : {24, 16, 8, 0})
        ihdr.append(char((side >> shift) & 0xff));
    ihdr += ihdr;
    ihdr += QByteArray("\x01\x00\x00\x00\x00", 5); // depth 1, grayscale
    const QByteArray raw(qsizetype(side) * (1 + (side + 7) / 8), '\0');
    const QByteArray zlib = qCompress(raw, 9).mid(4); // qCompress prefixes the length
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) + pngChunk("IDAT", zlib) +
           pngChunk("IEND", {});
}

QString idOf(const Reply &reply)
{
    return reply.obj().value("id"_L1).toString();
}

QString filePath(const QString &id, const QString &tail = {})
{
    return u"/api/chat/files/"_s + id + tail;
}

} // namespace

class tst_AttachmentsApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup() { m_server.dumpLogIfFailed(); }

    void acceptedTypes_data();
    void acceptedTypes();
    void thumbnails_data();
    void thumbnails();
    void decompressionBomb();
    void spoofedTypes_data();
    void spoofedTypes();
    void badUploads_data();
    void badUploads();
    void oversizeKeepsMemoryFlat();
    void uploadPipelinedBehindRequests();
    void oddNames_data();
    void oddNames();
    void storageLayoutIsContentAddressed();
    void downloadAccess();
    void etagAndRange();
    void imageAndFileMessages();
    void imageMessageOverWebSocket();

private:
    TestServer m_server;
    ApiClient m_api{&m_server};
    Session m_alice;
    Session m_bob;   // a customer who shares no room with alice
    Session m_carol; // in a group room with alice
    Session m_staff;
    QString m_room; // alice + carol
};

void tst_AttachmentsApi::initTestCase()
{
    const auto dumpLog = qScopeGuard([this] { m_server.dumpLogIfFailed(); });
    m_server.setEnv(u"PARLEY_MAX_UPLOAD"_s, QString::number(kMaxUpload));
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_staff = m_server.createUser(uniqueName(u"staff"_s), u"staff"_s);
    m_alice = m_api.registerUser(uniqueName(u"alice"_s));
    m_bob = m_api.registerUser(uniqueName(u"bob"_s));
    m_carol = m_api.registerUser(uniqueName(u"carol"_s));
    RETURN_IF_FAILED();
    m_room = openGroupRoom(m_api, m_alice, {m_carol}, u"files"_s);
}

void tst_AttachmentsApi::acceptedTypes_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("mime");
    QTest::addColumn<int>("width"); // 0: not an image
    QTest::addColumn<int>("height");
    QTest::addRow("png") << u"p.png"_s << sampleImage("PNG", 40, 30) << u"image/png"_s << 40 << 30;
    QTest::addRow("jpeg") << u"j.jpg"_s << sampleImage("JPEG", 41, 31) << u"image/jpeg"_s << 41
                          << 31;
    QTest::addRow("gif") << u"g.gif"_s << sampleImage("GIF", 42, 32) << u"image/gif"_s << 42 << 32;
    QTest::addRow("webp") << u"w.webp"_s << sampleImage("WEBP", 43, 33) << u"image/webp"_s << 43
                          << 33;
    QTest::addRow("pdf") << u"invoice.pdf"_s
                         << QByteArray("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
                                       "trailer\n<< /Root 1 0 R >>\n%%EOF\n")
                         << u"application/pdf"_s << 0 << 0;
    QTest::addRow("text") << u"notes.txt"_s << QByteArray("Order 1001 arrives Tuesday.\n")
                          << u"text/plain"_s << 0 << 0;
    QTest::addRow("doc") << u"letter.doc"_s << dataFile(u"sample.doc"_s) << u"application/msword"_s
                         << 0 << 0;
    QTest::addRow("docx")
        << u"letter.docx"_s << dataFile(u"sample.docx"_s)
        << u"application/vnd.openxmlformats-officedocument.wordprocessingml.document"_s << 0 << 0;
    QTest::addRow("odt") << u"letter.odt"_s << dataFile(u"sample.odt"_s)
                         << u"application/vnd.oasis.opendocument.text"_s << 0 << 0;
}

void tst_AttachmentsApi::acceptedTypes()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, mime);
    QFETCH(int, width);
    QFETCH(int, height);
    QVERIFY(!bytes.isEmpty());

    const Reply up = upload(m_api, m_alice, name, bytes);
    EXPECT_STATUS(up, 201);
    const QJsonObject a = up.obj();
    EXPECT_MATCH(idOf(up), kUuidPattern);
    QCOMPARE(a.value("name"_L1).toString(), name);
    QCOMPARE(a.value("mime"_L1).toString(), mime);
    QCOMPARE(a.value("size"_L1).toInteger(), bytes.size());
    QCOMPARE(a.value("url"_L1).toString(), filePath(idOf(up)));
    if (width) {
        QCOMPARE(a.value("width"_L1).toInt(), width);
        QCOMPARE(a.value("height"_L1).toInt(), height);
        QCOMPARE(a.value("thumbnail_url"_L1).toString(), filePath(idOf(up), u"/thumbnail"_s));
    } else {
        QVERIFY(a.value("width"_L1).isNull());
        QVERIFY(a.value("height"_L1).isNull());
        QVERIFY(a.value("thumbnail_url"_L1).isNull());
    }

    const Reply down = m_api.get(filePath(idOf(up)), m_alice);
    EXPECT_STATUS(down, 200);
    QCOMPARE(down.body, bytes);
    QCOMPARE(down.header("content-type"), mime.toLatin1());
    QCOMPARE(down.header("content-length"), QByteArray::number(bytes.size()));
    QCOMPARE(down.header("x-content-type-options"), QByteArray("nosniff"));
    QVERIFY(down.header("content-disposition").startsWith(width ? "inline;" : "attachment;"));
}

void tst_AttachmentsApi::thumbnails_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QSize>("thumbnail");
    QTest::addColumn<QByteArray>("format");
    QTest::addRow("wide png") << sampleImage("PNG", 640, 480) << QSize(320, 240)
                              << QByteArray("image/jpeg");
    QTest::addRow("tall gif") << sampleImage("GIF", 300, 1000) << QSize(96, 320)
                              << QByteArray("image/jpeg");
    QTest::addRow("small jpeg kept")
        << sampleImage("JPEG", 100, 50) << QSize(100, 50) << QByteArray("image/jpeg");
    QTest::addRow("big jpeg") << sampleImage("JPEG", 2000, 1000) << QSize(320, 160)
                              << QByteArray("image/jpeg");
    QTest::addRow("transparent png")
        << sampleImage("PNG", 800, 800, true) << QSize(320, 320) << QByteArray("image/png");
    QTest::addRow("webp") << sampleImage("WEBP", 1280, 720) << QSize(320, 180)
                          << QByteArray("image/jpeg");
}

void tst_AttachmentsApi::thumbnails()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QSize, thumbnail);
    QFETCH(QByteArray, format);
    const Reply up = upload(m_api, m_alice, u"image"_s, bytes);
    EXPECT_STATUS(up, 201);
    const Reply thumb = m_api.get(up.obj().value("thumbnail_url"_L1).toString(), m_alice);
    EXPECT_STATUS(thumb, 200);
    QCOMPARE(thumb.header("content-type"), format);
    const QImage image = QImage::fromData(thumb.body);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), thumbnail);
    QVERIFY(qMax(image.width(), image.height()) <= 320);
}

void tst_AttachmentsApi::decompressionBomb()
{
    const QByteArray bomb = bombPng(20000); // 400 megapixels, 1.6 GB decoded
    QVERIFY(bomb.size() < kMaxUpload);
    const qint64 before = rssKb(m_server.pid());
    const Reply up = upload(m_api, m_alice, u"bomb.png"_s, bomb);
    EXPECT_STATUS(up, 201);
    QCOMPARE(up.obj().value("width"_L1).toInt(), 20000);
    QCOMPARE(up.obj().value("height"_L1).toInt(), 20000);
    QVERIFY(up.obj().value("thumbnail_url"_L1).isNull()); // never decoded
    EXPECT_ERROR(m_api.get(filePath(idOf(up), u"/thumbnail"_s), m_alice), 404, "not_found");
    const qint64 growth = rssKb(m_server.pid()) - before;
    QVERIFY2(growth < 20 * 1024, qPrintable(u"server grew by %1 KiB"_s.arg(growth)));
}

void tst_AttachmentsApi::spoofedTypes_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QFile self(QCoreApplication::applicationFilePath());
    QVERIFY(self.open(QIODevice::ReadOnly));
    QTest::addRow("ELF executable as .png") << u"cat.png"_s << self.read(256 * 1024);
    QTest::addRow("Windows executable as .jpg")
        << u"cat.jpg"_s << QByteArray("MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0", 16).repeated(64);
    QTest::addRow("HTML as .txt") << u"notes.txt"_s
                                  << QByteArray("<!DOCTYPE html><html><body><script>alert(1)"
                                                "</script></body></html>");
    QTest::addRow("SVG as .png") << u"logo.png"_s
                                 << QByteArray(
                                        "<?xml version=\"1.0\"?><svg "
                                        "xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>");
    QTest::addRow("plain ZIP as .docx") << u"letter.docx"_s << dataFile(u"plain.zip"_s);
    QTest::addRow("shell script as .pdf") << u"x.pdf"_s << QByteArray("#!/bin/sh\nrm -rf /\n");
}

void tst_AttachmentsApi::spoofedTypes()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    EXPECT_ERROR(upload(m_api, m_alice, name, bytes), 415, "unsupported_media_type");
}

void tst_AttachmentsApi::badUploads_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("withToken");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    const QByteArray mp = "multipart/form-data; boundary=bb";
    const QByteArray good = multipartBody("bb", "file", u"a.txt"_s, "hello");
    QTest::addRow("no token") << mp << good << false << 401 << u"unauthorized"_s;
    QTest::addRow("json body") << QByteArray("application/json") << QByteArray("{}") << true << 415
                               << u"unsupported_media_type"_s;
    QTest::addRow("no boundary") << QByteArray("multipart/form-data") << good << true << 415
                                 << u"unsupported_media_type"_s;
    QTest::addRow("no file part") << mp << multipartBody("bb", "other", {}, "hello") << true << 400
                                  << u"validation_failed"_s;
    QTest::addRow("empty file") << mp << multipartBody("bb", "file", u"a.txt"_s, {}) << true << 400
                                << u"validation_failed"_s;
    QTest::addRow("truncated") << mp << good.left(good.size() - 8) << true << 400
                               << u"bad_request"_s;
    QTest::addRow("two files") << mp
                               << QByteArray(
                                      good.left(good.size() - 4) +
                                      multipartBody("bb", "file", u"b.txt"_s, "again").mid(4))
                               << true << 400 << u"validation_failed"_s;
}

void tst_AttachmentsApi::badUploads()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(bool, withToken);
    QFETCH(int, status);
    QFETCH(QString, code);
    const Reply reply =
        m_api.raw("POST", u"/api/chat/uploads/"_s, body, {{"Content-Type", contentType}},
                  withToken ? m_alice.access : QString());
    EXPECT_ERROR_FIELD(reply, status, code, QString());
}

void tst_AttachmentsApi::oversizeKeepsMemoryFlat()
{
    const qint64 pid = m_server.pid();
    QVERIFY(rssKb(pid) > 0);
    // Warm up: the first upload allocates what every upload shares (parsers, database pages).
    EXPECT_STATUS(upload(m_api, m_alice, u"warm.txt"_s, "warm up\n"), 201);
    const qint64 before = rssKb(pid);

    // Declared too large: refused from Content-Length before the body is read.
    const QByteArray line("0123456789 abcdefghijklmnopqrstuvwxyz\n");
    const QByteArray tooBig = line.repeated(int(kMaxUpload / line.size()) + 1000);
    EXPECT_ERROR(upload(m_api, m_alice, u"big.txt"_s, tooBig), 413, "payload_too_large");

    // Chunked (no length up front): refused once the count passes the limit.
    QCOMPARE(chunkedUpload(m_server.port(), m_alice.access, 40 * 1024 * 1024), 413);

    // The largest file allowed goes through, piece by piece to disk, and comes back whole.
    const QByteArray maxFile = line.repeated(int(kMaxUpload / line.size()));
    const Reply up = upload(m_api, m_alice, u"max.txt"_s, maxFile);
    EXPECT_STATUS(up, 201);
    const qint64 after = rssKb(pid);
    QVERIFY2(!kRssIsMeaningful || after - before < kFlatRssKb,
             qPrintable(u"server RSS %1 -> %2 KiB"_s.arg(before).arg(after)));
    const Reply down = m_api.get(filePath(idOf(up)), m_alice);
    EXPECT_STATUS(down, 200);
    QVERIFY(down.body == maxFile);
    EXPECT_STATUS(m_api.get(u"/healthz"_s), 200);
}

void tst_AttachmentsApi::uploadPipelinedBehindRequests()
{
    // Two ordinary requests and an upload in one write: Qt answers the first two, the edge takes
    // the upload's body, and the answers come back in order.
    const QByteArray body = multipartBody("bb", "file", u"piped.txt"_s, "pipelined upload\n");
    const QByteArray requests =
        "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
        "GET /api/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
        m_alice.access.toLatin1() +
        "\r\n\r\n"
        "POST /api/chat/uploads/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
        m_alice.access.toLatin1() +
        "\r\nContent-Type: multipart/form-data; boundary=bb\r\nContent-Length: " +
        QByteArray::number(body.size()) + "\r\n\r\n" + body;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server.port());
    QVERIFY(socket.waitForConnected(5000));
    socket.write(requests);
    QByteArray answers;
    while (answers.count("HTTP/1.1 ") < 3 || !answers.contains("piped.txt")) {
        if (!socket.waitForReadyRead(10000))
            break;
        answers += socket.readAll();
    }
    const qsizetype first = answers.indexOf("HTTP/1.1 200");
    const qsizetype second = answers.indexOf("HTTP/1.1 200", first + 1);
    const qsizetype third = answers.indexOf("HTTP/1.1 201");
    QVERIFY2(first == 0 && second > first && third > second, answers.constData());
    QVERIFY(answers.contains("\"status\":\"ok\""));
    QVERIFY(answers.contains(m_alice.username().toUtf8()));
    QVERIFY(answers.contains("\"name\":\"piped.txt\""));
}

void tst_AttachmentsApi::oddNames_data()
{
    QTest::addColumn<QString>("sent");
    QTest::addColumn<QString>("stored");
    QTest::addRow("traversal") << u"../../../../etc/passwd.txt"_s << u"passwd.txt"_s;
    QTest::addRow("windows path") << u"..\\..\\boot.ini.txt"_s << u"boot.ini.txt"_s;
    QTest::addRow("quotes") << u"say \"hi\"; ok.txt"_s << u"say _hi_; ok.txt"_s;
    QTest::addRow("absolute") << u"/var/lib/parley/parley.db"_s << u"parley.db"_s;
    QTest::addRow("dot file") << u".bashrc"_s << u"bashrc"_s;
    QTest::addRow("only dots") << u"..."_s << u"file"_s;
    QTest::addRow("no name") << QString() << u"file"_s;
    QTest::addRow("bidi override") << u"report\u202Etxt.exe"_s << u"report_txt.exe"_s;
    QTest::addRow("unicode") << u"résumé 日本語.txt"_s << u"résumé 日本語.txt"_s;
    QTest::addRow("header injection") << u"a\";\r\nX-Evil: 1.txt"_s << u"a_;__X-Evil_ 1.txt"_s;
}

void tst_AttachmentsApi::oddNames()
{
    QFETCH(QString, sent);
    QFETCH(QString, stored);
    // Sent as filename* (RFC 8187), so any character arrives as it is.
    const QByteArray body = "--bb\r\nContent-Disposition: form-data; name=\"file\"; "
                            "filename*=UTF-8''" +
                            QUrl::toPercentEncoding(sent) + "\r\n\r\nodd name\n\r\n--bb--\r\n";
    const Reply up =
        m_api.raw("POST", u"/api/chat/uploads/"_s, body,
                  {{"Content-Type", "multipart/form-data; boundary=bb"}}, m_alice.access);
    EXPECT_STATUS(up, 201);
    QCOMPARE(up.obj().value("name"_L1).toString(), stored);
    const Reply down = m_api.get(filePath(idOf(up)), m_alice);
    EXPECT_STATUS(down, 200);
    const QByteArray disposition = down.header("content-disposition");
    QVERIFY2(disposition.startsWith("attachment; filename=\"") &&
                 disposition.contains("filename*=UTF-8''" +
                                      QUrl::toPercentEncoding(stored, "!#$&+-.^_`|~")),
             disposition.constData());
    QVERIFY(!down.headers.contains("x-evil"));
}

void tst_AttachmentsApi::storageLayoutIsContentAddressed()
{
    const QByteArray bytes = "the same bytes, twice\n";
    const Reply first = upload(m_api, m_alice, u"../one.txt"_s, bytes);
    const Reply second = upload(m_api, m_bob, u"two.txt"_s, bytes);
    EXPECT_STATUS(first, 201);
    EXPECT_STATUS(second, 201);
    QVERIFY(idOf(first) != idOf(second)); // two uploads, each its owner's
    const QString sha =
        QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    // Everything under the data directory is the database, the key, or a content address.
    const QRegularExpression allowed(
        u"^(parley\\.db(-wal|-shm)?|jwt-secret|files/blobs/([0-9a-f]{2})/\\3[0-9a-f]{62}|"
        "files/thumbs/[0-9a-f]{64}\\.(jpg|png))$"_s);
    const QDir root(m_server.dataDir());
    int copies = 0;
    QDirIterator it(root.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString rel = root.relativeFilePath(it.next());
        if (rel.startsWith(u"files/tmp/"_s))
            continue; // an upload in flight (none here, but not a name from a client either)
        QVERIFY2(allowed.match(rel).hasMatch(), qPrintable(rel));
        if (rel.endsWith(sha))
            ++copies;
    }
    QCOMPARE(copies, 1); // deduplicated
}

void tst_AttachmentsApi::downloadAccess()
{
    const Reply up = upload(m_api, m_alice, u"private.png"_s, sampleImage("PNG", 64, 64));
    EXPECT_STATUS(up, 201);
    const QString file = filePath(idOf(up));
    const QString thumb = filePath(idOf(up), u"/thumbnail"_s);

    // Not sent anywhere yet: the uploader only.
    EXPECT_STATUS(m_api.get(file, m_alice), 200);
    for (const Session &other : {m_bob, m_carol, m_staff}) {
        EXPECT_ERROR(m_api.get(file, other), 404, "not_found");
        EXPECT_ERROR(m_api.get(thumb, other), 404, "not_found");
    }
    EXPECT_ERROR(m_api.get(file), 401, "unauthorized");
    EXPECT_ERROR(m_api.get(filePath(u"0b5c6b7e-0000-4000-8000-000000000000"_s), m_alice), 404,
                 "not_found");
    EXPECT_ERROR(m_api.get(filePath(u"..%2F..%2Fparley.db"_s), m_alice), 404, "not_found");

    // Sent in alice's room with carol: its members and staff; not bob.
    const QJsonObject message =
        sendJson(m_api, m_alice, m_room,
                 {{u"type"_s, u"image"_s}, {u"content"_s, u""_s}, {u"attachment_id"_s, idOf(up)}});
    RETURN_IF_FAILED();
    for (const Session &allowed : {m_alice, m_carol, m_staff}) {
        EXPECT_STATUS(m_api.get(file, allowed), 200);
        EXPECT_STATUS(m_api.get(thumb, allowed), 200);
    }
    EXPECT_ERROR(m_api.get(file, m_bob), 404, "not_found");

    // Deleting the message hides the file from everyone but its uploader.
    EXPECT_STATUS(m_api.del(messagePath(message.value("id"_L1).toString()), m_alice), 200);
    EXPECT_ERROR(m_api.get(file, m_carol), 404, "not_found");
    EXPECT_ERROR(m_api.get(thumb, m_staff), 404, "not_found");
    EXPECT_STATUS(m_api.get(file, m_alice), 200);
}

void tst_AttachmentsApi::etagAndRange()
{
    QByteArray bytes;
    for (int i = 0; i < 100; ++i)
        bytes += "line " + QByteArray::number(i).rightJustified(3, '0') + "\n"; // 900 bytes
    const Reply up = upload(m_api, m_alice, u"lines.txt"_s, bytes);
    EXPECT_STATUS(up, 201);
    const QString file = filePath(idOf(up));
    const QString token = m_alice.access;

    const Reply full = m_api.get(file, m_alice);
    EXPECT_STATUS(full, 200);
    const QByteArray etag = full.header("etag");
    QCOMPARE(etag, '"' + QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex() + '"');
    QCOMPARE(full.header("accept-ranges"), QByteArray("bytes"));

    const Reply cached =
        m_api.raw("GET", file, {}, {{"If-None-Match", "\"other\", " + etag}}, token);
    EXPECT_STATUS(cached, 304);
    QVERIFY(cached.body.isEmpty());
    QCOMPARE(cached.header("etag"), etag);
    EXPECT_STATUS(m_api.raw("GET", file, {}, {{"If-None-Match", "\"other\""}}, token), 200);

    const Reply part = m_api.raw("GET", file, {}, {{"Range", "bytes=9-17"}}, token);
    EXPECT_STATUS(part, 206);
    QCOMPARE(part.body, bytes.mid(9, 9));
    QCOMPARE(part.header("content-range"), QByteArray("bytes 9-17/900"));
    QCOMPARE(part.header("content-length"), QByteArray("9"));

    const Reply tail = m_api.raw("GET", file, {}, {{"Range", "bytes=-9"}}, token);
    EXPECT_STATUS(tail, 206);
    QCOMPARE(tail.body, bytes.right(9));

    const Reply outside = m_api.raw("GET", file, {}, {{"Range", "bytes=900-"}}, token);
    EXPECT_STATUS(outside, 416);
    QCOMPARE(outside.header("content-range"), QByteArray("bytes */900"));

    const Reply several = m_api.raw("GET", file, {}, {{"Range", "bytes=0-1,5-6"}}, token);
    EXPECT_STATUS(several, 200);
    QCOMPARE(several.body, bytes);
}

void tst_AttachmentsApi::imageAndFileMessages()
{
    const Reply png = upload(m_api, m_alice, u"photo.png"_s, sampleImage("PNG", 500, 250));
    const Reply pdf = upload(m_api, m_alice, u"terms.pdf"_s, "%PDF-1.4\n%%EOF\n");
    const Reply carols = upload(m_api, m_carol, u"hers.png"_s, sampleImage("PNG", 10, 10));
    EXPECT_STATUS(png, 201);
    EXPECT_STATUS(pdf, 201);
    EXPECT_STATUS(carols, 201);

    const QString path = roomPath(m_room, u"messages/"_s);
    const auto body = [](const QString &type, const QString &id) {
        return QJsonObject{
            {u"type"_s, type}, {u"content"_s, u"see this"_s}, {u"attachment_id"_s, id}};
    };
    const Reply image = m_api.post(path, body(u"image"_s, idOf(png)), m_alice);
    EXPECT_STATUS(image, 201);
    QJsonObject expected = png.obj();
    QCOMPARE(image.obj().value("attachment"_L1).toObject(), expected);
    WS_CHECK(checkMessage(image.obj(), "image message"));
    const Reply file = m_api.post(path, body(u"file"_s, idOf(pdf)), m_alice);
    EXPECT_STATUS(file, 201);
    QCOMPARE(file.obj().value("attachment"_L1).toObject(), pdf.obj());

    EXPECT_VALIDATION(m_api.post(path, body(u"image"_s, idOf(pdf)), m_alice), "attachment_id");
    EXPECT_VALIDATION(m_api.post(path, body(u"file"_s, idOf(carols)), m_alice), "attachment_id");
    EXPECT_VALIDATION(
        m_api.post(path, body(u"file"_s, u"0b5c6b7e-0000-4000-8000-000000000000"_s), m_alice),
        "attachment_id");

    // History carries the attachment; a deleted message has none.
    const QJsonObject fromHistory = findById(fetchHistory(m_api, m_carol, m_room), idOf(image));
    QCOMPARE(fromHistory.value("attachment"_L1).toObject(), expected);
    const Reply deleted = m_api.del(messagePath(idOf(file)), m_alice);
    EXPECT_STATUS(deleted, 200);
    QVERIFY(deleted.obj().value("attachment"_L1).isNull());
    QVERIFY(
        findById(fetchHistory(m_api, m_carol, m_room), idOf(file)).value("attachment"_L1).isNull());
}

void tst_AttachmentsApi::imageMessageOverWebSocket()
{
    const Reply png = upload(m_api, m_alice, u"live.png"_s, sampleImage("PNG", 30, 20));
    EXPECT_STATUS(png, 201);
    auto alice = connectChat(m_server, m_alice, u"alice"_s);
    auto carol = connectChat(m_server, m_carol, u"carol"_s);
    RETURN_IF_FAILED();
    QJsonObject frame =
        sendFrame(m_room, u"ws-image-1"_s, u""_s, u"r1"_s, {{u"attachment_id"_s, idOf(png)}});
    frame.insert(u"message_type"_s, u"image"_s);
    alice->send(frame);
    WS_WAIT(ack, *alice, u"ack"_s, withRef(u"r1"_s));
    const QJsonObject sent = ack.value("message"_L1).toObject();
    QCOMPARE(sent.value("attachment"_L1).toObject(), png.obj());
    WS_WAIT(message, *carol, u"message"_s, messageId(sent.value("id"_L1).toString()));
    const QJsonObject received = message.value("message"_L1).toObject();
    WS_CHECK(checkMessage(received, "message.message"));
    QCOMPARE(received.value("attachment"_L1).toObject(), png.obj());
    QCOMPARE(received.value("type"_L1).toString(), u"image"_s);
}

QTEST_GUILESS_MAIN(tst_AttachmentsApi)
#include "tst_attachments_api.moc"
