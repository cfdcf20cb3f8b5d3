#include "WsPeer.h"

#include <QCryptographicHash>
#include <QFile>
#include <QRandomGenerator>
#include <QSocketNotifier>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include <netdb.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sys/resource.h>

namespace parley::bench {

// The one epoll set of this (single-threaded) bench and the notifier that wakes the event loop
// when any of its sockets is ready.
class WsPoller
{
public:
    static WsPoller &instance()
    {
        static WsPoller poller;
        return poller;
    }
    void add(WsPeer *peer, quint32 events) { control(EPOLL_CTL_ADD, peer, events); }
    void modify(WsPeer *peer, quint32 events) { control(EPOLL_CTL_MOD, peer, events); }
    void remove(int fd) { epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr); }

private:
    WsPoller()
        : m_epoll(epoll_create1(EPOLL_CLOEXEC))
        , m_notifier(m_epoll, QSocketNotifier::Read)
    {
        QObject::connect(&m_notifier, &QSocketNotifier::activated, [this] { dispatch(); });
    }
    void control(int op, WsPeer *peer, quint32 events)
    {
        epoll_event event{};
        event.events = events;
        event.data.ptr = peer;
        epoll_ctl(m_epoll, op, peer->m_fd, &event);
    }
    void dispatch()
    {
        std::array<epoll_event, 64> events{};
        int ready = 0;
        do {
            ready = epoll_wait(m_epoll, events.data(), int(events.size()), 0);
            for (int i = 0; i < ready; ++i)
                static_cast<WsPeer *>(events[size_t(i)].data.ptr)
                    ->onEvents(events[size_t(i)].events);
        } while (ready == int(events.size()));
    }

    int m_epoll;
    QSocketNotifier m_notifier;
};

WsPeer::WsPeer(const Target &target, const QByteArray &access, Handler handler)
    : m_target(target)
    , m_access(access)
    , m_handler(std::move(handler))
{}

WsPeer::~WsPeer()
{
    drop();
}

void WsPeer::open()
{
    drop();
    m_in.clear();
    m_parts.clear();
    m_out.clear();
    m_upgraded = m_hello = m_closing = false;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *found = nullptr;
    if (getaddrinfo(m_target.host.toUtf8().constData(),
                    QByteArray::number(m_target.port).constData(), &hints, &found) != 0 ||
        !found) {
        fail("cannot resolve " + m_target.host.toUtf8());
        return;
    }
    m_fd = socket(found->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    const int connected = m_fd >= 0 ? ::connect(m_fd, found->ai_addr, found->ai_addrlen) : -1;
    freeaddrinfo(found);
    if (m_fd < 0 || (connected != 0 && errno != EINPROGRESS)) {
        fail("cannot connect: " + QByteArray(strerror(errno)));
        return;
    }
    m_connecting = true;
    m_wantWrite = true;
    WsPoller::instance().add(this, EPOLLIN | EPOLLOUT);
}

void WsPeer::close()
{
    if (isOpen()) {
        m_closing = true;
        sendFrame(OpClose, QByteArrayView("\x03\xe8", 2)); // 1000, normal closure
    }
    if (m_out.isEmpty())
        drop();
}

void WsPeer::drop()
{
    if (m_fd < 0)
        return;
    WsPoller::instance().remove(m_fd);
    ::close(m_fd);
    m_fd = -1;
}

void WsPeer::watch(bool writable)
{
    if (m_fd < 0 || writable == m_wantWrite)
        return;
    m_wantWrite = writable;
    WsPoller::instance().modify(this, EPOLLIN | (writable ? EPOLLOUT : 0u));
}

void WsPeer::onEvents(quint32 events)
{
    if (m_connecting && (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
        int error = 0;
        socklen_t size = sizeof error;
        getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &size);
        if (error != 0) {
            fail("cannot connect: " + QByteArray(strerror(error)));
            return;
        }
        onConnected();
    }
    if (m_fd >= 0 && (events & EPOLLOUT) && !m_connecting)
        flushOut();
    if (m_fd >= 0 && (events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
        readSocket();
}

void WsPeer::onConnected()
{
    m_connecting = false;
    QByteArray nonce(16, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(nonce.data()), 4);
    m_key = nonce.toBase64();
    const QByteArray request =
        "GET /ws HTTP/1.1\r\nHost: " + m_target.host.toUtf8() + ':' +
        QByteArray::number(m_target.port) +
        "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + m_key +
        "\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer " + m_access + "\r\n\r\n";
    write(request);
}

void WsPeer::write(QByteArrayView bytes)
{
    if (m_fd < 0)
        return;
    m_out.append(bytes.data(), bytes.size());
    if (!m_connecting)
        flushOut();
}

void WsPeer::flushOut()
{
    qsizetype done = 0;
    while (done < m_out.size()) {
        const ssize_t wrote =
            ::send(m_fd, m_out.constData() + done, size_t(m_out.size() - done), MSG_NOSIGNAL);
        if (wrote < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) {
                fail("send failed: " + QByteArray(strerror(errno)));
                return;
            }
            break;
        }
        done += qsizetype(wrote);
    }
    m_out.remove(0, done);
    watch(!m_out.isEmpty());
    if (m_out.isEmpty() && m_closing)
        drop();
}

void WsPeer::readSocket()
{
    // One receive buffer for all peers (the bench is single-threaded): a peer only keeps the
    // bytes of an incomplete frame.
    static std::array<char, 64 * 1024> buffer;
    const ssize_t got = ::recv(m_fd, buffer.data(), buffer.size(), 0);
    if (got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        // The server closed (or reset) the connection: an error when it had not said hello.
        if (!m_hello)
            fail("closed by the server before its hello: " +
                 (got == 0 ? QByteArray("end of stream") : QByteArray(strerror(errno))));
        else
            drop();
        return;
    }
    if (got < 0)
        return;
    m_in.append(buffer.data(), qsizetype(got));
    if (!m_upgraded && !readHandshake())
        return;
    readFrames();
}

// The 101 answer with the Sec-WebSocket-Accept RFC 6455 derives from our key; false until the
// whole head is in (or on failure, reported as an error frame).
bool WsPeer::readHandshake()
{
    const qsizetype end = m_in.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    const QByteArray head = m_in.left(end);
    m_in.remove(0, end + 4);
    const QByteArray accept =
        QCryptographicHash::hash(m_key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11",
                                 QCryptographicHash::Sha1)
            .toBase64();
    bool accepted = false;
    for (const QByteArray &line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == "sec-websocket-accept")
            accepted = line.mid(colon + 1).trimmed() == accept;
    }
    if (!head.startsWith("HTTP/1.1 101") || !accepted) {
        fail("handshake refused: " + head.left(head.indexOf('\r')));
        return false;
    }
    m_upgraded = true;
    return true;
}

void WsPeer::readFrames()
{
    const auto *bytes = reinterpret_cast<const quint8 *>(m_in.constData());
    const qsizetype size = m_in.size();
    qsizetype at = 0;
    while (size - at >= 2) {
        const quint8 opcode = bytes[at] & 0x0f;
        const bool fin = (bytes[at] & 0x80) != 0;
        const bool masked = (bytes[at + 1] & 0x80) != 0;
        quint64 length = bytes[at + 1] & 0x7f;
        qsizetype header = 2;
        if (length == 126) {
            if (size - at < 4)
                break;
            length = (quint64(bytes[at + 2]) << 8) | bytes[at + 3];
            header = 4;
        } else if (length == 127) {
            if (size - at < 10)
                break;
            length = 0;
            for (int i = 0; i < 8; ++i)
                length = (length << 8) | bytes[at + 2 + i];
            header = 10;
        }
        if (masked) {
            fail("the server sent a masked frame");
            return;
        }
        if (quint64(size - at - header) < length)
            break;
        const QByteArray payload =
            QByteArray::fromRawData(m_in.constData() + at + header, qsizetype(length));
        at += header + qsizetype(length);
        switch (opcode) {
        case OpText:
        case OpBinary:
        case OpContinuation:
            if (opcode != OpContinuation)
                m_parts.clear();
            if (fin && m_parts.isEmpty() && opcode != OpContinuation) {
                deliver(payload);
            } else {
                m_parts += payload;
                if (fin) {
                    deliver(m_parts);
                    m_parts.clear();
                }
            }
            break;
        case OpPing:
            sendFrame(OpPong, payload);
            break;
        case OpClose:
            if (!m_closing) {
                m_closing = true;
                sendFrame(OpClose,
                          QByteArrayView(payload).first(std::min<qsizetype>(2, payload.size())));
            }
            m_in.clear();
            if (m_out.isEmpty())
                drop();
            return;
        default: // OpPong and reserved opcodes carry nothing for the bench
            break;
        }
    }
    m_in.remove(0, at);
}

void WsPeer::deliver(const QByteArray &payload)
{
    const Kind kind = classify(payload);
    if (kind == Kind::Hello)
        m_hello = true;
    m_handler(kind, payload);
}

void WsPeer::fail(const QByteArray &why)
{
    m_handler(Kind::Error, why);
    m_in.clear();
    m_out.clear();
    drop();
}

// One client frame: FIN, opcode, masked payload (RFC 6455 5.3: every client frame is masked).
void WsPeer::sendFrame(quint8 opcode, QByteArrayView payload)
{
    const qsizetype length = payload.size();
    QByteArray frame;
    frame.reserve(14 + length);
    frame += char(0x80 | opcode);
    if (length < 126) {
        frame += char(0x80 | length);
    } else if (length < 65536) {
        frame += char(0x80 | 126);
        frame += char(length >> 8);
        frame += char(length & 0xff);
    } else {
        frame += char(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8)
            frame += char((quint64(length) >> shift) & 0xff);
    }
    const quint32 mask = QRandomGenerator::global()->generate();
    const char key[4] = {char(mask >> 24), char(mask >> 16), char(mask >> 8), char(mask)};
    frame.append(key, 4);
    const qsizetype start = frame.size();
    frame.append(payload.data(), length);
    char *out = frame.data() + start;
    for (qsizetype i = 0; i < length; ++i)
        out[i] = char(out[i] ^ key[i & 3]);
    write(frame);
}

WsPeer::Kind WsPeer::classify(const QByteArray &frame)
{
    // Server frames are compact JSON with sorted keys: "type" is the last key.
    const qsizetype at = frame.lastIndexOf("\"type\":\"");
    if (at < 0)
        return Kind::Other;
    const QByteArrayView type = QByteArrayView(frame).sliced(at + 8);
    if (type.startsWith("message\""))
        return Kind::Message;
    if (type.startsWith("ack\""))
        return Kind::Ack;
    if (type.startsWith("hello\""))
        return Kind::Hello;
    if (type.startsWith("resumed\""))
        return Kind::Resumed;
    if (type.startsWith("error\""))
        return Kind::Error;
    return Kind::Other;
}

qint64 WsPeer::numberAfter(const QByteArray &frame, QByteArrayView key)
{
    qsizetype at = frame.indexOf(key);
    if (at < 0)
        return -1;
    at += key.size();
    qint64 value = 0;
    bool any = false;
    for (; at < frame.size() && frame.at(at) >= '0' && frame.at(at) <= '9'; ++at) {
        value = value * 10 + (frame.at(at) - '0');
        any = true;
    }
    return any ? value : -1;
}

qint64 residentKb(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

void raiseFileLimit(qint64 wanted)
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return;
    const rlim_t target = rlim_t(wanted);
    if (limit.rlim_max < target)
        limit.rlim_max = target; // allowed for root; otherwise the call below fails harmlessly
    limit.rlim_cur = std::min(target, limit.rlim_max);
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
        getrlimit(RLIMIT_NOFILE, &limit);
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

} // namespace parley::bench
