#include "UploadSupport.h"

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QTcpSocket>
#include <QTest>

namespace parley::test {

QByteArray multipartBody(const QByteArray &boundary, const QByteArray &field,
                         const QString &fileName, const QByteArray &content)
{
    QByteArray body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + '"';
    if (!fileName.isEmpty())
        body += "; filename=\"" + fileName.toUtf8() + '"';
    body += "\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n--" + boundary +
            "--\r\n";
    return body;
}

Reply upload(ApiClient &api, const Session &as, const QString &fileName, const QByteArray &content)
{
    const QByteArray boundary = "parley-test-boundary-7d9f";
    return api.raw("POST", QStringLiteral("/api/chat/uploads/"),
                   multipartBody(boundary, "file", fileName, content),
                   {{"Content-Type", "multipart/form-data; boundary=" + boundary}}, as.access);
}

namespace {

// Qt reads GIF but cannot write it: a w x h one-colour GIF, its LZW data written without
// compression (9-bit codes, a clear code before the table would grow).
QByteArray gif(int width, int height)
{
    QByteArray out("GIF89a");
    const auto le16 = [&out](int v) {
        out.append(char(v & 0xff));
        out.append(char((v >> 8) & 0xff));
    };
    le16(width);
    le16(height);
    out.append(char(0xf7)); // global colour table of 256 entries
    out.append('\0');
    out.append('\0');
    for (int i = 0; i < 256; ++i)
        out.append(QByteArray(1, char(i)) + QByteArray(1, char(128)) +
                   QByteArray(1, char(255 - i)));
    out.append(',');
    le16(0);
    le16(0);
    le16(width);
    le16(height);
    out.append('\0');
    out.append(char(8)); // minimum code size
    QByteArray data;
    quint32 bits = 0;
    int nbits = 0;
    const auto code = [&](int c) {
        bits |= quint32(c) << nbits;
        nbits += 9;
        while (nbits >= 8) {
            data.append(char(bits & 0xff));
            bits >>= 8;
            nbits -= 8;
        }
    };
    const qint64 pixels = qint64(width) * height;
    code(256);
    for (qint64 p = 0; p < pixels; ++p) {
        if (p % 250 == 249)
            code(256);
        code(40);
    }
    code(257);
    if (nbits > 0)
        data.append(char(bits & 0xff));
    for (qsizetype at = 0; at < data.size(); at += 255) {
        const QByteArray block = data.mid(at, 255);
        out.append(char(block.size()));
        out.append(block);
    }
    out.append('\0');
    out.append(';');
    return out;
}

} // namespace

QByteArray sampleImage(const char *format, int width, int height, bool alpha)
{
    if (QByteArrayView(format) == "GIF")
        return gif(width, height);
    QImage image(width, height, alpha ? QImage::Format_ARGB32 : QImage::Format_RGB32);
    image.fill(alpha ? QColor(255, 0, 0, 128) : QColor(0, 128, 255));
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, format);
    return out;
}

QByteArray dataFile(const QString &name)
{
    QFile file(QStringLiteral(PARLEY_ATTACHMENT_DATA "/") + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

qint64 rssKb(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

int chunkedUpload(quint16 port, const QString &token, qint64 total)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(5000))
        return 0;
    const QByteArray boundary = "chunked-boundary";
    socket.write("POST /api/chat/uploads/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                 token.toLatin1() + "\r\nContent-Type: multipart/form-data; boundary=" + boundary +
                 "\r\nTransfer-Encoding: chunked\r\n\r\n");
    const auto chunk = [&socket](const QByteArray &data) {
        socket.write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
    };
    chunk("--" + boundary +
          "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n\r\n");
    QByteArray line("All work and no play makes a dull upload.\n");
    const QByteArray piece = line.repeated(64 * 1024 / line.size());
    for (qint64 sent = 0; sent < total && socket.bytesAvailable() == 0 &&
                          socket.state() == QAbstractSocket::ConnectedState;
         sent += piece.size()) {
        chunk(piece);
        socket.waitForBytesWritten(5000);
        socket.waitForReadyRead(0);
    }
    if (socket.state() == QAbstractSocket::ConnectedState) {
        chunk("\r\n--" + boundary + "--\r\n");
        socket.write("0\r\n\r\n");
    }
    QByteArray answer = socket.readAll();
    while (!answer.contains("\r\n") && socket.waitForReadyRead(10000))
        answer += socket.readAll();
    if (!answer.startsWith("HTTP/1.1 "))
        return 0;
    return answer.mid(9, 3).toInt();
}

} // namespace parley::test
