#include "RawHttpChannel.h"

#include <QNetworkProxy>

namespace parley::bench {
namespace {

constexpr qsizetype kMaxHead = 64 * 1024;

} // namespace

RawHttpChannel::RawHttpChannel(const Target &target, int timeoutMs)
    : m_target(target)
{
    m_socket.setProxy(QNetworkProxy::NoProxy);
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(timeoutMs);
    QObject::connect(&m_timeout, &QTimer::timeout, [this] {
        finish(0, {}, QStringLiteral("no complete answer within %1 ms").arg(m_timeout.interval()),
               true);
    });
    QObject::connect(&m_socket, &QTcpSocket::connected, [this] { onConnected(); });
    QObject::connect(&m_socket, &QTcpSocket::readyRead, [this] { onReadyRead(); });
    QObject::connect(&m_socket, &QTcpSocket::disconnected, [this] { onClosed(); });
    QObject::connect(&m_socket, &QTcpSocket::errorOccurred,
                     [this](QAbstractSocket::SocketError error) {
                         // A remote close also arrives as disconnected(); a refused or failed
                         // connect does not.
                         if (error != QAbstractSocket::RemoteHostClosedError &&
                             m_socket.state() == QAbstractSocket::UnconnectedState)
                             onClosed();
                     });
}

void RawHttpChannel::send(const HttpRequest &request, Callback done)
{
    Q_ASSERT(!m_inFlight);
    m_done = std::move(done);
    m_inFlight = true;
    m_in.clear();
    m_status = 0;
    m_bodyStart = -1;
    m_contentLength = -1;
    m_closeAfter = false;

    m_out.clear();
    m_out.reserve(256 + request.body.size() + request.bearer.size());
    m_out += request.method + ' ' + request.target + " HTTP/1.1\r\nHost: ";
    m_out += m_target.host.toUtf8() + ':' + QByteArray::number(m_target.port) + "\r\n";
    if (!request.bearer.isEmpty())
        m_out += "Authorization: Bearer " + request.bearer + "\r\n";
    if (!request.body.isEmpty() || request.method == "POST" || request.method == "PATCH") {
        m_out += "Content-Type: application/json\r\nContent-Length: ";
        m_out += QByteArray::number(request.body.size()) + "\r\n";
    }
    m_out += "\r\n";
    m_out += request.body;

    m_start = std::chrono::steady_clock::now();
    m_timeout.start();
    if (m_socket.state() == QAbstractSocket::ConnectedState) {
        writeOut();
    } else {
        if (m_socket.state() != QAbstractSocket::UnconnectedState)
            m_socket.abort();
        ++m_connections;
        m_socket.connectToHost(m_target.host, m_target.port);
    }
}

void RawHttpChannel::onConnected()
{
    m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (m_inFlight)
        writeOut();
}

// QTcpSocket::write() only buffers; the bytes would leave when the event loop next runs, i.e.
// after every other answer that arrived in the same wake-up has been handled. Flushing sends the
// request at once, so the bench does not batch requests (which left the server idle ~13% of the
// time at concurrency 16) and the latency clock starts when the request really leaves.
void RawHttpChannel::writeOut()
{
    m_socket.write(m_out);
    m_socket.flush();
}

void RawHttpChannel::onReadyRead()
{
    m_in += m_socket.readAll();
    if (!m_inFlight) {
        m_in.clear(); // nothing was asked: ignore (the server never sends unsolicited data)
        return;
    }
    if (m_bodyStart < 0 && !parseHead())
        return;
    if (m_in.size() - m_bodyStart < m_contentLength)
        return;
    if (m_in.size() - m_bodyStart > m_contentLength) {
        finish(m_status, m_in.mid(m_bodyStart), QStringLiteral("more bytes than Content-Length"),
               true);
        return;
    }
    finish(m_status, m_in.mid(m_bodyStart), {}, m_closeAfter);
}

// Returns true once the head is complete and valid (m_bodyStart set); false to wait for more
// bytes or after failing the request.
bool RawHttpChannel::parseHead()
{
    const qsizetype end = m_in.indexOf("\r\n\r\n");
    if (end < 0) {
        if (m_in.size() > kMaxHead) {
            finish(0, {}, QStringLiteral("answer head larger than 64 KiB"), true);
        }
        return false;
    }
    const QList<QByteArray> lines = m_in.left(end).split('\n');
    const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
    bool ok = false;
    if (statusLine.size() >= 2 && statusLine.at(0).startsWith("HTTP/1."))
        m_status = statusLine.at(1).toInt(&ok);
    if (!ok) {
        finish(0, {}, QStringLiteral("bad status line: %1").arg(QString::fromLatin1(lines.first())),
               true);
        return false;
    }
    bool chunked = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed().toLower();
        if (name == "content-length")
            m_contentLength = value.toLongLong();
        else if (name == "connection" && value.contains("close"))
            m_closeAfter = true;
        else if (name == "transfer-encoding" && value.contains("chunked"))
            chunked = true;
    }
    if (chunked || (m_contentLength < 0 && m_status != 204 && m_status != 304)) {
        finish(m_status, {}, QStringLiteral("answer without Content-Length (unsupported)"), true);
        return false;
    }
    if (m_contentLength < 0)
        m_contentLength = 0;
    m_bodyStart = end + 4;
    return true;
}

void RawHttpChannel::onClosed()
{
    if (m_inFlight) {
        finish(0, {},
               QStringLiteral("connection closed before a complete answer (%1)")
                   .arg(m_socket.errorString()),
               false);
    }
}

// Completes the request in flight. dropConnection closes the socket first (a broken or timed-out
// exchange, or `Connection: close`), so the callback may already send the next request.
void RawHttpChannel::finish(int status, QByteArray body, const QString &transportError,
                            bool dropConnection)
{
    if (!m_inFlight)
        return;
    m_timeout.stop();
    m_inFlight = false;
    if (dropConnection)
        m_socket.abort();
    HttpResponse response;
    response.status = status;
    response.body = std::move(body);
    response.transportError = transportError;
    response.elapsedNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                             std::chrono::steady_clock::now() - m_start)
                             .count();
    Callback done = std::move(m_done);
    m_done = nullptr;
    done(response);
}

} // namespace parley::bench
