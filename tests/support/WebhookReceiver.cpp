#include "WebhookReceiver.h"

#include <QDateTime>
#include <QMessageAuthenticationCode>
#include <QTcpSocket>
#include <QTest>

namespace parley::test {

WebhookReceiver::WebhookReceiver(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &WebhookReceiver::onConnection);
}

WebhookReceiver::~WebhookReceiver()
{
    // Sockets still open close as they are destroyed: their signals must not reach this.
    const auto sockets = findChildren<QTcpSocket *>() + m_server.findChildren<QTcpSocket *>();
    for (QTcpSocket *socket : sockets)
        socket->disconnect(this);
}

bool WebhookReceiver::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QString WebhookReceiver::url(const QString &path) const
{
    return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path);
}

void WebhookReceiver::script(const QString &path, const QList<Answer> &answers)
{
    m_scripts.insert(path, answers);
}

QList<WebhookReceiver::Request> WebhookReceiver::received(const QString &path) const
{
    QList<Request> matching;
    for (const Request &request : m_requests) {
        if (request.path == path)
            matching.append(request);
    }
    return matching;
}

bool WebhookReceiver::waitForCount(const QString &path, int count, int timeoutMs)
{
    return QTest::qWaitFor([&] { return received(path).size() >= count; }, timeoutMs);
}

QString WebhookReceiver::checkSignature(const Request &request, const QString &secret)
{
    const QByteArray header = request.header("x-parley-signature");
    QByteArray t;
    QByteArray v1;
    for (const QByteArray &part : header.split(',')) {
        if (part.startsWith("t="))
            t = part.mid(2);
        else if (part.startsWith("v1="))
            v1 = part.mid(3);
    }
    if (t.isEmpty() || v1.isEmpty())
        return QStringLiteral("malformed X-Parley-Signature: %1").arg(QString::fromLatin1(header));
    const QByteArray expected =
        QMessageAuthenticationCode::hash(t + '.' + request.body, secret.toUtf8(),
                                         QCryptographicHash::Sha256)
            .toHex();
    if (expected != v1)
        return QStringLiteral("signature %1 does not match %2")
            .arg(QString::fromLatin1(v1), QString::fromLatin1(expected));
    const qint64 skew = QDateTime::currentSecsSinceEpoch() - t.toLongLong();
    if (skew < -300 || skew > 300)
        return QStringLiteral("timestamp %1 is %2 s off").arg(QString::fromLatin1(t)).arg(skew);
    return {};
}

void WebhookReceiver::onConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadable(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
    }
}

void WebhookReceiver::onReadable(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    for (;;) {
        const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return;
        const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
        Request request;
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        request.method = requestLine.value(0);
        request.path = QString::fromLatin1(requestLine.value(1));
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                request.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                       lines[i].mid(colon + 1).trimmed());
        }
        const qsizetype length = request.header("content-length").toLongLong();
        if (buffer.size() < headEnd + 4 + length)
            return;
        request.body = buffer.mid(headEnd + 4, length);
        buffer.remove(0, headEnd + 4 + length);
        request.atMs = QDateTime::currentMSecsSinceEpoch();

        QList<Answer> &script = m_scripts[request.path];
        const Answer answer = script.isEmpty() ? Answer{} : script.takeFirst();
        if (!answer.hold) {
            request.answered = answer.status;
            QByteArray reply = "HTTP/1.1 " + QByteArray::number(answer.status) +
                               " Scripted\r\nContent-Length: 0\r\n";
            if (!answer.retryAfter.isEmpty())
                reply += "Retry-After: " + answer.retryAfter + "\r\n";
            socket->write(reply + "\r\n");
        }
        m_requests.append(request);
    }
}

} // namespace parley::test
