#include "RawWsClient.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QNetworkProxy>
#include <QRandomGenerator>
#include <QTest>
#include <QtEndian>

using namespace Qt::StringLiterals;

namespace parley::test {

RawWsClient::RawWsClient()
{
    m_socket.setProxy(QNetworkProxy::NoProxy);
}

RawWsClient::~RawWsClient()
{
    m_socket.abort();
}

QByteArray RawWsClient::frame(quint8 opcode, const QByteArray &payload, bool fin, bool masked)
{
    QByteArray frame;
    frame.append(char((fin ? 0x80 : 0) | opcode));
    const char maskBit = masked ? char(0x80) : char(0);
    const qsizetype n = payload.size();
    if (n < 126) {
        frame.append(char(maskBit | n));
    } else if (n < 65536) {
        frame.append(char(maskBit | 126));
        frame.append(char((n >> 8) & 0xff));
        frame.append(char(n & 0xff));
    } else {
        frame.append(char(maskBit | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(char((quint64(n) >> shift) & 0xff));
    }
    if (!masked)
        return frame + payload;
    const quint32 mask = QRandomGenerator::global()->generate();
    char key[4];
    qToBigEndian(mask, key);
    frame.append(key, 4);
    for (qsizetype i = 0; i < n; ++i)
        frame.append(char(payload.at(i) ^ key[i % 4]));
    return frame;
}

QByteArray RawWsClient::handshake(const QString &pathAndQuery)
{
    QByteArray key(16, Qt::Uninitialized);
    for (char &c : key)
        c = char(QRandomGenerator::global()->bounded(256));
    return "GET " + pathAndQuery.toUtf8() +
           " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
           "Connection: Upgrade\r\nSec-WebSocket-Key: " +
           key.toBase64() + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
}

bool RawWsClient::open(quint16 port, const QString &pathAndQuery, int timeoutMs)
{
    return openWith(port, handshake(pathAndQuery), timeoutMs);
}

bool RawWsClient::sendRaw(const QByteArray &bytes)
{
    if (m_socket.state() != QAbstractSocket::ConnectedState)
        return false;
    const qint64 written = m_socket.write(bytes);
    m_socket.flush();
    return written > 0;
}

bool RawWsClient::openWith(quint16 port, const QByteArray &request, int timeoutMs)
{
    m_socket.connectToHost(u"127.0.0.1"_s, port);
    if (!m_socket.waitForConnected(timeoutMs)) {
        m_statusLine = u"(connect failed: %1)"_s.arg(m_socket.errorString());
        return false;
    }
    m_socket.write(request);
    m_socket.flush();
    const QDeadlineTimer deadline(timeoutMs);
    while (!m_buffer.contains("\r\n\r\n") && !deadline.hasExpired()) {
        if (m_socket.bytesAvailable() == 0 &&
            !m_socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime()))))
            break;
        m_buffer += m_socket.readAll();
    }
    const qsizetype end = m_buffer.indexOf("\r\n\r\n");
    if (end < 0) {
        m_statusLine = u"(no HTTP answer)"_s;
        return false;
    }
    const QByteArray head = m_buffer.left(end);
    m_buffer.remove(0, end + 4);
    const qsizetype lineEnd = head.indexOf("\r\n");
    m_statusLine = QString::fromLatin1(lineEnd < 0 ? head : head.left(lineEnd));
    m_headers = lineEnd < 0 ? QByteArray() : head.mid(lineEnd + 2);
    if (!m_statusLine.contains(u" 101 "_s))
        return false;
    parse();
    return true;
}

bool RawWsClient::sendText(const QByteArray &payload)
{
    if (m_socket.state() != QAbstractSocket::ConnectedState)
        return false;
    const qint64 written = m_socket.write(frame(0x1, payload));
    m_socket.flush();
    return written > 0;
}

bool RawWsClient::sendJson(const QJsonObject &object)
{
    return sendText(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

void RawWsClient::poll(int timeoutMs)
{
    if (m_socket.bytesAvailable() == 0 && m_socket.state() == QAbstractSocket::ConnectedState)
        m_socket.waitForReadyRead(std::max(1, timeoutMs));
    m_buffer += m_socket.readAll();
    if (m_socket.state() != QAbstractSocket::ConnectedState && !m_tcpClosed) {
        m_tcpClosed = true;
        if (!m_closedAtMs)
            m_closedAtMs = QDateTime::currentMSecsSinceEpoch();
    }
    parse();
}

bool RawWsClient::waitClosed(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!closeFrameReceived() && !m_tcpClosed && !deadline.hasExpired())
        poll(int(std::min<qint64>(50, std::max<qint64>(1, deadline.remainingTime()))));
    return closeFrameReceived() || m_tcpClosed;
}

void RawWsClient::parse()
{
    for (;;) {
        if (m_buffer.size() < 2)
            return;
        const quint8 opcode = quint8(m_buffer.at(0)) & 0x0f;
        quint64 length = quint8(m_buffer.at(1)) & 0x7f;
        qsizetype offset = 2;
        if (length == 126) {
            if (m_buffer.size() < 4)
                return;
            length = (quint64(quint8(m_buffer.at(2))) << 8) | quint8(m_buffer.at(3));
            offset = 4;
        } else if (length == 127) {
            if (m_buffer.size() < 10)
                return;
            length = 0;
            for (int i = 2; i < 10; ++i)
                length = (length << 8) | quint8(m_buffer.at(i));
            offset = 10;
        }
        if (quint64(m_buffer.size() - offset) < length)
            return;
        const QByteArray payload = m_buffer.mid(offset, qsizetype(length));
        m_buffer.remove(0, offset + qsizetype(length));
        switch (opcode) {
        case 0x1:
            m_text.append(QJsonDocument::fromJson(payload).object());
            break;
        case 0x8:
            if (m_closeCode < 0) {
                m_closeCode = payload.size() >= 2
                                  ? (int(quint8(payload.at(0))) << 8) | quint8(payload.at(1))
                                  : 1005;
                m_closeReason = QString::fromUtf8(payload.mid(2));
                m_closedAtMs = QDateTime::currentMSecsSinceEpoch();
            }
            break;
        case 0x9:
            ++m_pings;
            if (m_answerPings && m_socket.state() == QAbstractSocket::ConnectedState) {
                m_socket.write(frame(0xA, payload));
                m_socket.flush();
            }
            break;
        case 0xA:
            m_pongs.append(payload);
            break;
        default:
            break;
        }
    }
}

QString RawWsClient::describe() const
{
    QString close = closeFrameReceived()
                        ? u"close frame %1 \"%2\""_s.arg(m_closeCode).arg(m_closeReason)
                        : u"no close frame"_s;
    return u"raw client: %1, TCP %2, %3 text frames, %4 pings"_s.arg(
        close, m_tcpClosed ? u"closed"_s : u"open"_s, QString::number(m_text.size()),
        QString::number(m_pings));
}

} // namespace parley::test
