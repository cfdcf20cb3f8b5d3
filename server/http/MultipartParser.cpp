#include "http/MultipartParser.h"

#include <QList>
#include <QUrl>

namespace parley::http {
namespace {

constexpr qsizetype kMaxBoundary = 70; // RFC 2046

QByteArrayView trimmed(QByteArrayView s)
{
    return s.trimmed();
}

// Splits "a; b=\"x;y\"; c" on semicolons outside quoted strings.
QList<QByteArrayView> splitParams(QByteArrayView value)
{
    QList<QByteArrayView> out;
    bool quoted = false;
    qsizetype start = 0;
    for (qsizetype i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (quoted && c == '\\') {
            ++i;
        } else if (c == '"') {
            quoted = !quoted;
        } else if (c == ';' && !quoted) {
            out.append(trimmed(value.sliced(start, i - start)));
            start = i + 1;
        }
    }
    out.append(trimmed(value.sliced(qMin(start, value.size()))));
    return out;
}

// A parameter value: a quoted string (backslash escapes undone) or a token.
QByteArray paramValue(QByteArrayView raw)
{
    raw = trimmed(raw);
    if (raw.size() < 2 || raw.front() != '"' || raw.back() != '"')
        return raw.toByteArray();
    QByteArray out;
    const QByteArrayView inner = raw.sliced(1, raw.size() - 2);
    for (qsizetype i = 0; i < inner.size(); ++i) {
        if (inner[i] == '\\' && i + 1 < inner.size())
            ++i;
        out.append(inner[i]);
    }
    return out;
}

// RFC 5987 ext-value: "UTF-8''percent%20encoded" (the language part is ignored).
std::optional<QString> extValue(QByteArrayView raw)
{
    const qsizetype first = raw.indexOf('\'');
    const qsizetype second = first < 0 ? -1 : raw.indexOf('\'', first + 1);
    if (second < 0 || raw.first(first).compare("utf-8", Qt::CaseInsensitive) != 0)
        return std::nullopt;
    return QUrl::fromPercentEncoding(raw.sliced(second + 1).toByteArray());
}

bool isBoundaryChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("'()+_,-./:=? ").contains(c);
}

} // namespace

std::optional<QByteArray> MultipartParser::boundaryFrom(QByteArrayView contentType)
{
    const QList<QByteArrayView> params = splitParams(contentType);
    if (params.isEmpty() || params.front().compare("multipart/form-data", Qt::CaseInsensitive) != 0)
        return std::nullopt;
    for (qsizetype i = 1; i < params.size(); ++i) {
        const qsizetype eq = params[i].indexOf('=');
        if (eq < 0 || trimmed(params[i].first(eq)).compare("boundary", Qt::CaseInsensitive) != 0)
            continue;
        const QByteArray boundary = paramValue(params[i].sliced(eq + 1));
        if (boundary.isEmpty() || boundary.size() > kMaxBoundary || boundary.endsWith(' '))
            return std::nullopt;
        for (char c : boundary) {
            if (!isBoundaryChar(c))
                return std::nullopt;
        }
        return boundary;
    }
    return std::nullopt;
}

std::optional<MultipartParser::PartHeaders> MultipartParser::parseHeaders(QByteArrayView block)
{
    PartHeaders headers;
    bool disposition = false;
    std::optional<QString> extName;
    qsizetype pos = 0;
    while (pos < block.size()) {
        qsizetype end = block.indexOf("\r\n", pos);
        if (end < 0)
            end = block.size();
        const QByteArrayView line = block.sliced(pos, end - pos);
        pos = end + 2;
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || line.front() == ' ' || line.front() == '\t')
            return std::nullopt; // also refuses obsolete folded lines
        const QByteArrayView name = trimmed(line.first(colon));
        const QByteArrayView value = trimmed(line.sliced(colon + 1));
        for (char c : line) {
            const auto u = static_cast<unsigned char>(c);
            if ((u < 0x20 && c != '\t') || u == 0x7f)
                return std::nullopt;
        }
        if (name.compare("content-type", Qt::CaseInsensitive) == 0) {
            headers.contentType = value.toByteArray();
        } else if (name.compare("content-disposition", Qt::CaseInsensitive) == 0) {
            const QList<QByteArrayView> params = splitParams(value);
            if (params.front().compare("form-data", Qt::CaseInsensitive) != 0)
                return std::nullopt;
            disposition = true;
            for (qsizetype i = 1; i < params.size(); ++i) {
                const qsizetype eq = params[i].indexOf('=');
                if (eq < 0)
                    continue;
                const QByteArrayView key = trimmed(params[i].first(eq));
                const QByteArrayView raw = params[i].sliced(eq + 1);
                if (key.compare("name", Qt::CaseInsensitive) == 0) {
                    headers.name = paramValue(raw);
                } else if (key.compare("filename", Qt::CaseInsensitive) == 0) {
                    headers.fileName = QString::fromUtf8(paramValue(raw));
                    headers.hasFileName = true;
                } else if (key.compare("filename*", Qt::CaseInsensitive) == 0) {
                    extName = extValue(trimmed(raw));
                }
            }
        }
    }
    if (!disposition)
        return std::nullopt;
    if (extName) {
        headers.fileName = *extName;
        headers.hasFileName = true;
    }
    return headers;
}

MultipartParser::MultipartParser(QByteArray boundary, Callbacks callbacks)
    : MultipartParser(std::move(boundary), std::move(callbacks), Limits())
{}

MultipartParser::MultipartParser(QByteArray boundary, Callbacks callbacks, Limits limits)
    : m_delimiter(QByteArrayLiteral("\r\n--") + boundary)
    , m_callbacks(std::move(callbacks))
    , m_limits(limits)
    , m_buffer(QByteArrayLiteral("\r\n")) // the first boundary line has no CRLF before it
{
    if (boundary.isEmpty())
        fail(Error::Malformed);
}

MultipartParser::Error MultipartParser::fail(Error error)
{
    m_state = State::Failed;
    m_error = error;
    m_buffer = QByteArray();
    return error;
}

MultipartParser::Error MultipartParser::feed(QByteArrayView data)
{
    if (m_state == State::Failed || m_state == State::Epilogue)
        return m_error;
    m_buffer.append(data);
    process();
    return m_error;
}

MultipartParser::Error MultipartParser::finish()
{
    if (m_state != State::Failed && m_state != State::Epilogue)
        return fail(Error::Truncated);
    return m_error;
}

// Works through m_buffer as far as it can; what is left is an incomplete boundary or header
// block.
bool MultipartParser::process()
{
    qsizetype pos = 0;
    const auto keepFrom = [this](qsizetype from) { m_buffer.remove(0, from); };
    for (;;) {
        const QByteArrayView rest = QByteArrayView(m_buffer).sliced(pos);
        switch (m_state) {
        case State::Failed:
            return false;
        case State::Epilogue:
            m_buffer = QByteArray();
            return true;

        case State::Preamble: {
            const qsizetype at = rest.indexOf(m_delimiter);
            if (at < 0) {
                // Only a partial delimiter at the end can matter.
                keepFrom(qMax(pos, m_buffer.size() - (m_delimiter.size() - 1)));
                return true;
            }
            pos += at + m_delimiter.size();
            m_state = State::AfterBoundary;
            continue;
        }

        case State::AfterBoundary: {
            // "--" ends the body; else optional whitespace, then CRLF starts a part.
            if (rest.size() < 2) {
                keepFrom(pos);
                return true;
            }
            if (rest.startsWith("--")) {
                m_state = State::Epilogue;
                continue;
            }
            qsizetype i = 0;
            while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t'))
                ++i;
            if (i > 64) {
                fail(Error::Malformed);
                return false;
            }
            if (rest.size() - i < 2) {
                keepFrom(pos);
                return true;
            }
            if (rest.sliced(i, 2) != "\r\n") {
                fail(Error::Malformed);
                return false;
            }
            pos += i + 2;
            if (++m_parts > m_limits.maxParts) {
                fail(Error::TooManyParts);
                return false;
            }
            m_state = State::Headers;
            continue;
        }

        case State::Headers: {
            const qsizetype end = rest.indexOf("\r\n\r\n");
            const bool emptyBlock = rest.startsWith("\r\n");
            if (end < 0 && !emptyBlock) {
                if (rest.size() > m_limits.maxHeaderBytes) {
                    fail(Error::HeaderTooLarge);
                    return false;
                }
                keepFrom(pos);
                return true;
            }
            const qsizetype blockEnd = emptyBlock ? 0 : end;
            if (blockEnd > m_limits.maxHeaderBytes) {
                fail(Error::HeaderTooLarge);
                return false;
            }
            const auto headers = parseHeaders(rest.first(blockEnd));
            if (!headers) {
                fail(Error::Malformed);
                return false;
            }
            pos += emptyBlock ? 2 : end + 4;
            if (m_callbacks.partBegin && !m_callbacks.partBegin(*headers)) {
                fail(Error::Aborted);
                return false;
            }
            m_state = State::Data;
            continue;
        }

        case State::Data: {
            const qsizetype at = rest.indexOf(m_delimiter);
            const qsizetype dataEnd =
                at >= 0 ? at : qMax<qsizetype>(0, rest.size() - (m_delimiter.size() - 1));
            if (dataEnd > 0 && m_callbacks.partData && !m_callbacks.partData(rest.first(dataEnd))) {
                fail(Error::Aborted);
                return false;
            }
            pos += dataEnd;
            if (at < 0) {
                keepFrom(pos);
                return true;
            }
            pos += m_delimiter.size();
            if (m_callbacks.partEnd && !m_callbacks.partEnd()) {
                fail(Error::Aborted);
                return false;
            }
            m_state = State::AfterBoundary;
            continue;
        }
        }
    }
}

} // namespace parley::http
