// Units of the upload path that need no server: the streaming multipart parser and chunked
// decoder (fed in every split), Range parsing, file-name sanitizing, Content-Disposition and
// content type detection.
#include "attachments/FileNames.h"
#include "attachments/FileTypes.h"
#include "http/ByteRange.h"
#include "http/ChunkedDecoder.h"
#include "http/MultipartParser.h"

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QTest>

using namespace Qt::StringLiterals;
using parley::http::ByteRange;
using parley::http::ChunkedDecoder;
using parley::http::MultipartParser;

namespace {

struct Part
{
    QByteArray name;
    QString fileName;
    QByteArray data;
    bool ended = false;
};

struct Parsed
{
    QList<Part> parts;
    MultipartParser::Error error = MultipartParser::Error::None;
    bool done = false;
};

// Parses body fed in pieces of `step` bytes (0: all at once).
Parsed parse(const QByteArray &boundary, const QByteArray &body, qsizetype step)
{
    Parsed out;
    MultipartParser::Callbacks callbacks;
    callbacks.partBegin = [&](const MultipartParser::PartHeaders &h) {
        out.parts.append({h.name, h.fileName, {}, false});
        return true;
    };
    callbacks.partData = [&](QByteArrayView data) {
        out.parts.back().data.append(data);
        return true;
    };
    callbacks.partEnd = [&] {
        out.parts.back().ended = true;
        return true;
    };
    MultipartParser parser(boundary, callbacks);
    const qsizetype piece = step > 0 ? step : qMax<qsizetype>(1, body.size());
    for (qsizetype at = 0; at < body.size(); at += piece)
        parser.feed(QByteArrayView(body).sliced(at, qMin(piece, body.size() - at)));
    out.error = parser.finish();
    out.done = parser.isDone();
    return out;
}

const QByteArray kBody = "preamble\r\n--XyZ\r\n"
                         "Content-Disposition: form-data; name=\"note\"\r\n\r\n"
                         "hi\r\n--XyZ\r\n"
                         "Content-Disposition: form-data; name=\"file\"; filename=\"a;b.txt\"\r\n"
                         "Content-Type: text/plain\r\n\r\n"
                         "line1\r\n--XyX\r\n-\r\n--X\r\n--Xy"
                         "\r\n--XyZ--\r\nepilogue";

} // namespace

class tst_UploadUnits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void multipartEverySplit()
    {
        // Any piece size gives the same parts: boundaries split across pieces are found.
        for (qsizetype step : {0, 1, 2, 3, 5, 7, 13, 64}) {
            const Parsed p = parse("XyZ", kBody, step);
            QCOMPARE(p.error, MultipartParser::Error::None);
            QVERIFY(p.done);
            QCOMPARE(p.parts.size(), 2);
            QCOMPARE(p.parts[0].name, QByteArray("note"));
            QCOMPARE(p.parts[0].data, QByteArray("hi"));
            QCOMPARE(p.parts[1].fileName, u"a;b.txt"_s);
            QCOMPARE(p.parts[1].data, QByteArray("line1\r\n--XyX\r\n-\r\n--X\r\n--Xy"));
            QVERIFY(p.parts[1].ended);
        }
    }

    void multipartErrors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("error");
        using E = MultipartParser::Error;
        QTest::addRow("no closing boundary")
            << QByteArray("--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nabc")
            << int(E::Truncated);
        QTest::addRow("no boundary at all") << QByteArray("just bytes") << int(E::Truncated);
        QTest::addRow("junk after boundary")
            << QByteArray("--b junk\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--")
            << int(E::Malformed);
        QTest::addRow("no disposition")
            << QByteArray("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--") << int(E::Malformed);
        QTest::addRow("huge part head")
            << QByteArray("--b\r\nX-A: " + QByteArray(9000, 'a') + "\r\n\r\nx\r\n--b--")
            << int(E::HeaderTooLarge);
        QByteArray many;
        for (int i = 0; i < 20; ++i)
            many += "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nv\r\n";
        QTest::addRow("too many parts") << QByteArray(many + "--b--") << int(E::TooManyParts);
    }

    void multipartErrors()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, error);
        QCOMPARE(int(parse("b", body, 3).error), error);
    }

    void multipartHeaders()
    {
        const auto h = MultipartParser::parseHeaders(
            "Content-Disposition: form-data; name=\"file\"; filename=\"fallback.txt\"; "
            "filename*=UTF-8''r%C3%A9sum%C3%A9%20%E6%97%A5.txt\r\nContent-Type: text/plain");
        QVERIFY(h);
        QCOMPARE(h->name, QByteArray("file"));
        QCOMPARE(h->fileName, u"résumé 日.txt"_s);
        QCOMPARE(h->contentType, QByteArray("text/plain"));
        const auto quoted = MultipartParser::parseHeaders(
            "Content-Disposition: form-data; name=\"file\"; filename=\"a \\\"q\\\".txt\"");
        QVERIFY(quoted);
        QCOMPARE(quoted->fileName, u"a \"q\".txt"_s);
    }

    void boundaryFrom_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("boundary");
        QTest::addRow("plain") << QByteArray("multipart/form-data; boundary=abc")
                               << QByteArray("abc");
        QTest::addRow("quoted") << QByteArray("Multipart/Form-Data; charset=x; boundary=\"a b:c\"")
                                << QByteArray("a b:c");
        QTest::addRow("json") << QByteArray("application/json") << QByteArray();
        QTest::addRow("no boundary") << QByteArray("multipart/form-data") << QByteArray();
        QTest::addRow("too long") << QByteArray("multipart/form-data; boundary=" +
                                                QByteArray(71, 'a'))
                                  << QByteArray();
        QTest::addRow("bad char") << QByteArray("multipart/form-data; boundary=a\"b")
                                  << QByteArray();
    }

    void boundaryFrom()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, boundary);
        QCOMPARE(MultipartParser::boundaryFrom(contentType).value_or(QByteArray()), boundary);
    }

    void chunked_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<QByteArray>("decoded");
        QTest::addColumn<int>("state");
        using S = ChunkedDecoder::State;
        QTest::addRow("two chunks")
            << QByteArray("5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\nNEXT")
            << QByteArray("hello world") << int(S::Done);
        QTest::addRow("trailers") << QByteArray("3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n")
                                  << QByteArray("abc") << int(S::Done);
        QTest::addRow("hex upper") << QByteArray("A\r\n0123456789\r\n0\r\n\r\n")
                                   << QByteArray("0123456789") << int(S::Done);
        QTest::addRow("bad size") << QByteArray("zz\r\n") << QByteArray() << int(S::Failed);
        QTest::addRow("missing CRLF")
            << QByteArray("3\r\nabcX") << QByteArray("abc") << int(S::Failed);
        QTest::addRow("unfinished") << QByteArray("3\r\nab") << QByteArray("ab") << int(S::InBody);
    }

    void chunked()
    {
        QFETCH(QByteArray, wire);
        QFETCH(QByteArray, decoded);
        QFETCH(int, state);
        for (qsizetype step : {1, 2, 4, 1000}) {
            ChunkedDecoder decoder;
            QByteArray out;
            ChunkedDecoder::State last = ChunkedDecoder::State::InBody;
            qsizetype consumed = 0;
            for (qsizetype at = 0; at < wire.size() && last == ChunkedDecoder::State::InBody;
                 at += step) {
                const auto s =
                    decoder.feed(QByteArrayView(wire).sliced(at, qMin(step, wire.size() - at)),
                                 [&](QByteArrayView b) {
                                     out.append(b);
                                     return true;
                                 });
                last = s.state;
                consumed = at + s.consumed;
            }
            QCOMPARE(out, decoded);
            QCOMPARE(int(last), state);
            if (last == ChunkedDecoder::State::Done)
                QCOMPARE(wire.mid(consumed),
                         wire.endsWith("NEXT") ? QByteArray("NEXT") : QByteArray());
        }
    }

    void byteRange_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<int>("kind");
        QTest::addColumn<qint64>("first");
        QTest::addColumn<qint64>("last");
        using K = ByteRange::Kind;
        QTest::addRow("absent") << QByteArray() << int(K::Whole) << 0ll << 99ll;
        QTest::addRow("first bytes") << QByteArray("bytes=0-9") << int(K::Partial) << 0ll << 9ll;
        QTest::addRow("open end") << QByteArray("bytes=90-") << int(K::Partial) << 90ll << 99ll;
        QTest::addRow("past end clamps")
            << QByteArray("bytes=50-500") << int(K::Partial) << 50ll << 99ll;
        QTest::addRow("suffix") << QByteArray("bytes=-10") << int(K::Partial) << 90ll << 99ll;
        QTest::addRow("suffix larger")
            << QByteArray("bytes=-500") << int(K::Partial) << 0ll << 99ll;
        QTest::addRow("start past end")
            << QByteArray("bytes=100-") << int(K::Unsatisfiable) << 0ll << 0ll;
        QTest::addRow("zero suffix")
            << QByteArray("bytes=-0") << int(K::Unsatisfiable) << 0ll << 0ll;
        QTest::addRow("several ranges")
            << QByteArray("bytes=0-1,5-6") << int(K::Whole) << 0ll << 99ll;
        QTest::addRow("other unit") << QByteArray("items=0-1") << int(K::Whole) << 0ll << 99ll;
        QTest::addRow("reversed") << QByteArray("bytes=9-1") << int(K::Whole) << 0ll << 99ll;
        QTest::addRow("junk") << QByteArray("bytes=a-b") << int(K::Whole) << 0ll << 99ll;
    }

    void byteRange()
    {
        QFETCH(QByteArray, header);
        QFETCH(int, kind);
        QFETCH(qint64, first);
        QFETCH(qint64, last);
        const ByteRange r = ByteRange::parse(header, 100);
        QCOMPARE(int(r.kind), kind);
        if (r.kind != ByteRange::Kind::Unsatisfiable) {
            QCOMPARE(r.first, first);
            QCOMPARE(r.last, last);
        }
    }

    void etag()
    {
        QVERIFY(parley::http::etagMatches("\"a\", \"b\"", "\"b\""));
        QVERIFY(parley::http::etagMatches("W/\"b\"", "\"b\""));
        QVERIFY(parley::http::etagMatches("*", "\"b\""));
        QVERIFY(!parley::http::etagMatches("\"c\"", "\"b\""));
        QVERIFY(!parley::http::etagMatches("", "\"b\""));
    }

    void sanitize_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("safe");
        QTest::addRow("plain") << u"report.pdf"_s << u"report.pdf"_s;
        QTest::addRow("unix traversal") << u"../../etc/passwd"_s << u"passwd"_s;
        QTest::addRow("windows path") << u"C:\\Users\\x\\..\\cv.docx"_s << u"cv.docx"_s;
        QTest::addRow("dot files") << u"...hidden"_s << u"hidden"_s;
        QTest::addRow("only dots") << u".."_s << u"file"_s;
        QTest::addRow("empty") << QString() << u"file"_s;
        QTest::addRow("controls") << u"a\r\nb\t\u0000c.txt"_s << u"a__b__c.txt"_s;
        QTest::addRow("reserved") << u"a<b>c:d*e?f|g\".txt"_s << u"a_b_c_d_e_f_g_.txt"_s;
        QTest::addRow("bidi override") << u"\u202Egnp.exe"_s << u"_gnp.exe"_s;
        QTest::addRow("unicode kept") << u"résumé 日本 😀.txt"_s << u"résumé 日本 😀.txt"_s;
        QTest::addRow("long keeps ext")
            << QString(300, u'a') + u".pdf"_s << QString(196, u'a') + u".pdf"_s;
    }

    void sanitize()
    {
        QFETCH(QString, name);
        QFETCH(QString, safe);
        QCOMPARE(parley::attachments::sanitizeFileName(name), safe);
    }

    void disposition()
    {
        QCOMPARE(parley::attachments::contentDisposition(u"a \"b\" ü.txt"_s, false),
                 QByteArray("attachment; filename=\"a _b_ _.txt\"; "
                            "filename*=UTF-8''a%20%22b%22%20%C3%BC.txt"));
        QVERIFY(parley::attachments::contentDisposition(u"x.png"_s, true).startsWith("inline;"));
    }

    void detect_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("mime"); // empty: refused
        const auto image = [](const char *format) {
            QImage img(8, 4, QImage::Format_RGB32);
            img.fill(Qt::blue);
            QByteArray out;
            QBuffer buffer(&out);
            buffer.open(QIODevice::WriteOnly);
            img.save(&buffer, format);
            return out;
        };
        const auto data = [](const QString &name) {
            QFile f(QStringLiteral(PARLEY_ATTACHMENT_DATA "/") + name);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        QTest::addRow("png") << image("PNG") << u"image/png"_s;
        QTest::addRow("jpeg") << image("JPEG") << u"image/jpeg"_s;
        QTest::addRow("gif") << QByteArray("GIF89a\x01\0\x01\0\0\0\0;", 14) << u"image/gif"_s;
        QTest::addRow("webp") << image("WEBP") << u"image/webp"_s;
        QTest::addRow("pdf") << QByteArray("%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n")
                             << u"application/pdf"_s;
        QTest::addRow("text") << QByteArray("Hello, plain text.\n") << u"text/plain"_s;
        QTest::addRow("docx")
            << data(u"sample.docx"_s)
            << u"application/vnd.openxmlformats-officedocument.wordprocessingml.document"_s;
        QTest::addRow("odt") << data(u"sample.odt"_s)
                             << u"application/vnd.oasis.opendocument.text"_s;
        QTest::addRow("doc") << data(u"sample.doc"_s) << u"application/msword"_s;
        QTest::addRow("zip") << data(u"plain.zip"_s) << QString();
        QTest::addRow("html") << QByteArray("<!DOCTYPE html><html><script>x</script></html>")
                              << QString();
        QTest::addRow("svg")
            << QByteArray("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>")
            << QString();
        QTest::addRow("elf") << QByteArray("\x7f"
                                           "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0",
                                           20)
                             << QString();
        QTest::addRow("windows exe")
            << QByteArray("MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff", 14) << QString();
    }

    void detect()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, mime);
        QVERIFY(!bytes.isEmpty());
        QCOMPARE(parley::attachments::detectAllowedType(bytes).value_or(QString()), mime);
    }
};

QTEST_GUILESS_MAIN(tst_UploadUnits)
#include "tst_upload_units.moc"
