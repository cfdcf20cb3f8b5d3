#include "http/RequestFramer.h"

#include <QList>

#include <limits>

namespace parley::http {
namespace {

bool isBlank(char c)
{
    return c == '\r' || c == '\n' || c == ' ' || c == '\t' || c == '\v';
}

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

QByteArrayView trimmed(QByteArrayView s)
{
    while (!s.isEmpty() && (s.front() == ' ' || s.front() == '\t'))
        s = s.sliced(1);
    while (!s.isEmpty() && (s.back() == ' ' || s.back() == '\t'))
        s.chop(1);
    return s;
}

// -1: not a number; LLONG_MAX: a number too large to matter.
qint64 parseLength(QByteArrayView value)
{
    if (value.isEmpty())
        return -1;
    for (char c : value) {
        if (c < '0' || c > '9')
            return -1;
    }
    if (value.size() > 18)
        return std::numeric_limits<qint64>::max();
    qint64 n = 0;
    for (char c : value)
        n = n * 10 + (c - '0');
    return n;
}

} // namespace

bool RequestHead::wantsClose() const
{
    return connectionClose || (minorVersion == 0 && !connectionKeepAlive);
}

bool RequestHead::wantsKeepAliveHeader() const
{
    return minorVersion == 0 && connectionKeepAlive && !connectionClose;
}

bool RequestHead::isWebSocketUpgrade() const
{
    return connectionUpgrade &&
           QByteArrayView(upgrade).compare("websocket", Qt::CaseInsensitive) == 0;
}

RequestFramer::RequestFramer(int maxUrlBytes, int maxHeaderBytes)
    : m_maxUrlBytes(maxUrlBytes)
    , m_maxHeaderBytes(maxHeaderBytes)
{}

RequestFramer::Step RequestFramer::fail(Failure failure, qsizetype consumed)
{
    m_state = State::Failed;
    m_failure = failure;
    m_line = QByteArray();
    return {consumed, Event::Failed, 0};
}

// Checks the request line while it streams in: a byte that cannot be part of a method is refused
// at once (TLS or junk sent to the plain port), and a huge URL as soon as it passes the limit
// rather than when (if ever) its line ends.
RequestFramer::Failure RequestFramer::checkRequestLine(qsizetype lineStart, qsizetype appended)
{
    for (qsizetype i = lineStart; i < lineStart + appended && !m_targetEnded; ++i) {
        const char c = m_line.at(i);
        if (m_targetStart == kInMethod) {
            if (c == ' ')
                m_targetStart = kBeforeTarget;
            else if (!isTokenChar(c))
                return Failure::Malformed;
        } else if (m_targetStart == kBeforeTarget) {
            if (c != ' ')
                m_targetStart = i;
        } else if (c == ' ' || c == '\r' || c == '\n') {
            m_targetEnded = true;
        } else if (i - m_targetStart + 1 > m_maxUrlBytes) {
            return Failure::UrlTooLong;
        }
    }
    return Failure::None;
}

RequestFramer::Step RequestFramer::advance(QByteArrayView data)
{
    qsizetype i = 0;
    while (i < data.size() || m_state == State::Body) {
        switch (m_state) {
        case State::Failed:
            return {i, Event::Failed, 0};

        case State::Idle:
            if (isBlank(data[i])) {
                ++i;
                if (++m_requestBytes > m_maxHeaderBytes)
                    return fail(Failure::Malformed, i);
                continue;
            }
            m_state = State::RequestLine;
            m_head = RequestHead();
            m_line.clear();
            m_headBytes = 0;
            m_targetStart = kInMethod;
            m_targetEnded = false;
            continue;

        case State::RequestLine:
        case State::Headers: {
            const qsizetype newline = data.indexOf('\n', i);
            const qsizetype take = (newline < 0 ? data.size() : newline + 1) - i;
            const qsizetype lineStart = m_line.size();
            m_line.append(data.sliced(i, take));
            i += take;
            m_requestBytes += take;
            m_headBytes += take;
            if (m_state == State::RequestLine) {
                const Failure failure = checkRequestLine(lineStart, take);
                if (failure != Failure::None)
                    return fail(failure, i);
            }
            if (m_headBytes > m_maxHeaderBytes)
                return fail(Failure::HeadTooLarge, i);
            if (newline < 0)
                return {i, Event::NeedMore, 0};

            QByteArrayView line(m_line);
            line.chop(1); // '\n'
            if (line.endsWith('\r'))
                line.chop(1);
            if (m_state == State::RequestLine) {
                if (!parseRequestLine(line))
                    return fail(Failure::Malformed, i);
                m_state = State::Headers;
                m_line.clear();
                continue;
            }
            if (!line.isEmpty()) {
                if (!parseHeaderLine(line))
                    return fail(Failure::Malformed, i);
                m_line.clear();
                continue;
            }
            m_line = QByteArray(); // the head is done: give the memory back
            m_state = State::Body;
            m_bodyRemaining = m_head.transferEncoding ? 0 : qMax<qint64>(0, m_head.contentLength);
            return {i, Event::HeadComplete, 0};
        }

        case State::Body: {
            if (m_bodyRemaining == 0) {
                Step step{i, Event::RequestComplete, m_requestBytes};
                m_state = State::Idle;
                m_requestBytes = 0;
                return step;
            }
            const qint64 take = qMin<qint64>(m_bodyRemaining, data.size() - i);
            if (take == 0)
                return {i, Event::NeedMore, 0};
            i += take;
            m_bodyRemaining -= take;
            m_requestBytes += take;
            continue;
        }
        }
    }
    return {i, m_state == State::Failed ? Event::Failed : Event::NeedMore, 0};
}

RequestFramer::Step RequestFramer::skipBody(qint64 n)
{
    Q_ASSERT(m_state == State::Body && n <= m_bodyRemaining);
    m_bodyRemaining -= n;
    m_requestBytes += n;
    if (m_bodyRemaining > 0)
        return {0, Event::NeedMore, 0};
    Step step{0, Event::RequestComplete, m_requestBytes};
    m_state = State::Idle;
    m_requestBytes = 0;
    return step;
}

// "METHOD SP target SP HTTP/1.x": what Qt 6.4 accepts, minus what it would misread (other
// versions, control bytes in the target, trailing garbage).
bool RequestFramer::parseRequestLine(QByteArrayView line)
{
    const qsizetype methodEnd = line.indexOf(' ');
    if (methodEnd <= 0 || !isToken(line.first(methodEnd)))
        return false;
    qsizetype pos = methodEnd;
    while (pos < line.size() && line[pos] == ' ')
        ++pos;
    const qsizetype targetEnd = line.indexOf(' ', pos);
    if (targetEnd < 0 || targetEnd == pos)
        return false;
    const QByteArrayView target = line.sliced(pos, targetEnd - pos);
    for (char c : target) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7f)
            return false;
    }
    pos = targetEnd;
    while (pos < line.size() && line[pos] == ' ')
        ++pos;
    const QByteArrayView version = trimmed(line.sliced(pos));
    if (version == "HTTP/1.1")
        m_head.minorVersion = 1;
    else if (version == "HTTP/1.0")
        m_head.minorVersion = 0;
    else
        return false;

    m_head.method = line.first(methodEnd).toByteArray();
    m_head.target = target.toByteArray();
    qsizetype pathEnd = m_head.target.size();
    for (char stop : {'?', '#'}) {
        const qsizetype at = m_head.target.indexOf(stop);
        if (at >= 0 && at < pathEnd)
            pathEnd = at;
    }
    m_head.path = m_head.target.first(pathEnd);
    return true;
}

bool RequestFramer::parseHeaderLine(QByteArrayView line)
{
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || !isToken(line.first(colon)))
        return false; // also refuses obsolete line folding (a line starting with a space)
    const QByteArrayView name = line.first(colon);
    const QByteArrayView value = trimmed(line.sliced(colon + 1));
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7f)
            return false;
    }

    if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
        const qint64 length = parseLength(value);
        if (length < 0)
            return false;
        // Qt reads the first Content-Length only: disagreeing copies would smuggle a request.
        if (m_head.contentLength >= 0 && m_head.contentLength != length)
            return false;
        m_head.contentLength = length;
    } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
        // A second Transfer-Encoding line (or a list) is not plain "chunked" any more.
        m_head.chunked =
            !m_head.transferEncoding && value.compare("chunked", Qt::CaseInsensitive) == 0;
        m_head.transferEncoding = true;
    } else if (name.compare("content-type", Qt::CaseInsensitive) == 0) {
        m_head.contentType = value.toByteArray();
    } else if (name.compare("authorization", Qt::CaseInsensitive) == 0) {
        m_head.authorization = value.toByteArray();
    } else if (name.compare("connection", Qt::CaseInsensitive) == 0) {
        const QByteArray lower = value.toByteArray().toLower();
        if (lower.contains("upgrade"))
            m_head.connectionUpgrade = true;
        for (const QByteArray &token : lower.split(',')) {
            const QByteArray t = token.trimmed();
            if (t == "close")
                m_head.connectionClose = true;
            else if (t == "keep-alive")
                m_head.connectionKeepAlive = true;
        }
    } else if (name.compare("upgrade", Qt::CaseInsensitive) == 0) {
        m_head.upgrade = value.toByteArray();
    } else if (name.compare("expect", Qt::CaseInsensitive) == 0) {
        if (value.compare("100-continue", Qt::CaseInsensitive) == 0)
            m_head.expectContinue = true;
    }
    return true;
}

} // namespace parley::http
