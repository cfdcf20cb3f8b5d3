#include "WsPeer.h"

#include <QFile>
#include <QNetworkRequest>

#include <sys/resource.h>

namespace parley::bench {

WsPeer::WsPeer(const Target &target, const QByteArray &access, Handler handler)
    : m_url(QStringLiteral("ws://%1:%2/ws").arg(target.host).arg(target.port))
    , m_access(access)
    , m_handler(std::move(handler))
{
    m_socket.setParent(this);

    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &frame) {
        const Kind kind = classify(frame);
        if (kind == Kind::Hello)
            m_hello = true;
        m_handler(kind, frame);
    });
}

void WsPeer::open()
{
    QNetworkRequest request(m_url);
    request.setRawHeader(QByteArrayLiteral("Authorization"), "Bearer " + m_access);
    m_socket.open(request);
}

WsPeer::Kind WsPeer::classify(const QString &frame)
{
    // Server frames are compact JSON with sorted keys: "type" is the last key.
    const qsizetype at = frame.lastIndexOf(u"\"type\":\"");
    if (at < 0)
        return Kind::Other;
    const QStringView type = QStringView(frame).mid(at + 8);
    if (type.startsWith(u"message\""))
        return Kind::Message;
    if (type.startsWith(u"ack\""))
        return Kind::Ack;
    if (type.startsWith(u"hello\""))
        return Kind::Hello;
    if (type.startsWith(u"resumed\""))
        return Kind::Resumed;
    if (type.startsWith(u"error\""))
        return Kind::Error;
    return Kind::Other;
}

qint64 WsPeer::numberAfter(const QString &frame, QStringView key)
{
    qsizetype at = frame.indexOf(key);
    if (at < 0)
        return -1;
    at += key.size();
    qint64 value = 0;
    bool any = false;
    for (; at < frame.size() && frame.at(at).isDigit(); ++at) {
        value = value * 10 + (frame.at(at).unicode() - u'0');
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
