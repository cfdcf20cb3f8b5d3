#include "http/HeadReader.h"

#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

namespace parley::http {
namespace {

// Bytes taken from the kernel per recv(). The framer fails a head past maxHeaderBytes, so the
// buffer never holds more than that plus one read.
constexpr qsizetype kReadBytes = 4096;

} // namespace

HeadReader::HeadReader(qintptr descriptor, QHostAddress peer, const EdgeLimits &limits,
                       qint64 nowMs)
    : m_descriptor(descriptor)
    , m_peer(std::move(peer))
    , m_framer(limits.maxUrlBytes, limits.maxHeaderBytes)
    , m_idleDeadlineMs(nowMs + limits.idleTimeoutMs)
    , m_requestTimeoutMs(limits.requestTimeoutMs)
    , m_notifier(descriptor, QSocketNotifier::Read)
{}

HeadReader::~HeadReader()
{
    // The notifier must stop watching before the descriptor is closed.
    m_notifier.setEnabled(false);
    if (m_descriptor >= 0)
        ::close(static_cast<int>(m_descriptor));
}

qintptr HeadReader::release()
{
    m_notifier.setEnabled(false);
    return std::exchange(m_descriptor, -1);
}

qint64 HeadReader::deadlineMs() const
{
    if (m_closing)
        return m_lingerDeadlineMs;
    return m_framer.inRequest() ? m_requestDeadlineMs : m_idleDeadlineMs;
}

void HeadReader::answerAndClose(const QByteArray &answer, qint64 nowMs, int lingerMs)
{
    m_closing = true;
    m_bytes.clear();
    m_lingerDeadlineMs = nowMs + lingerMs;
    const int fd = static_cast<int>(m_descriptor);
    (void)::send(fd, answer.constData(), size_t(answer.size()), MSG_DONTWAIT | MSG_NOSIGNAL);
    ::shutdown(fd, SHUT_WR);
}

HeadReader::State HeadReader::read(qint64 nowMs)
{
    char chunk[kReadBytes];
    for (;;) {
        const ssize_t n = ::recv(static_cast<int>(m_descriptor), chunk, sizeof chunk, MSG_DONTWAIT);
        if (n == 0)
            return State::Gone;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errno == EAGAIN || errno == EWOULDBLOCK ? State::Waiting : State::Gone;
        }
        if (m_closing)
            continue; // answered: what still comes is dropped
        const bool started = m_framer.inRequest();
        const QByteArrayView view(chunk, n);
        qsizetype used = 0;
        RequestFramer::Step step;
        while (used < view.size()) {
            step = m_framer.advance(view.sliced(used));
            used += step.consumed;
            if (step.event != RequestFramer::Event::NeedMore)
                break;
        }
        if (!started && m_framer.inRequest())
            m_requestDeadlineMs = nowMs + m_requestTimeoutMs;
        if (m_framer.inRequest() || step.event != RequestFramer::Event::NeedMore)
            m_bytes.append(chunk, n);
        else
            m_bytes.clear(); // blank lines before a request: skipped, as Qt would
        if (step.event != RequestFramer::Event::NeedMore)
            return State::Ready;
        if (n < static_cast<ssize_t>(sizeof chunk))
            return State::Waiting;
    }
}

} // namespace parley::http
