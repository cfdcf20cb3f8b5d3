#include "http/ChunkedDecoder.h"

namespace parley::http {
namespace {

constexpr qsizetype kMaxLine = 1024;       // a chunk-size line with its extensions
constexpr int kMaxTrailerBytes = 8 * 1024; // all trailer lines together
constexpr int kMaxHexDigits = 15;          // below 2^60: no overflow

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

ChunkedDecoder::State ChunkedDecoder::state() const
{
    switch (m_phase) {
    case Phase::Done:
        return State::Done;
    case Phase::Failed:
        return State::Failed;
    default:
        return State::InBody;
    }
}

ChunkedDecoder::Step ChunkedDecoder::fail(qsizetype consumed)
{
    m_phase = Phase::Failed;
    m_line = QByteArray();
    return {consumed, State::Failed};
}

// "1a2b[;ext]" with the line ending already removed.
bool ChunkedDecoder::endSizeLine()
{
    QByteArrayView line(m_line);
    if (line.endsWith('\r'))
        line.chop(1);
    const qsizetype semicolon = line.indexOf(';');
    QByteArrayView digits = semicolon < 0 ? line : line.first(semicolon);
    while (!digits.isEmpty() && (digits.back() == ' ' || digits.back() == '\t'))
        digits.chop(1);
    if (digits.isEmpty() || digits.size() > kMaxHexDigits)
        return false;
    qint64 size = 0;
    for (char c : digits) {
        const int v = hexValue(c);
        if (v < 0)
            return false;
        size = size * 16 + v;
    }
    m_line.clear();
    m_chunkRemaining = size;
    m_phase = size == 0 ? Phase::Trailer : Phase::Data;
    return true;
}

ChunkedDecoder::Step ChunkedDecoder::feed(QByteArrayView input, const Sink &sink)
{
    qsizetype i = 0;
    while (i < input.size()) {
        switch (m_phase) {
        case Phase::Done:
            return {i, State::Done};
        case Phase::Failed:
            return {i, State::Failed};
        case Phase::SizeLine:
        case Phase::Trailer: {
            const qsizetype newline = input.indexOf('\n', i);
            const qsizetype take = (newline < 0 ? input.size() : newline) - i;
            m_line.append(input.sliced(i, take));
            i += take;
            if (m_phase == Phase::Trailer)
                m_trailerBytes += int(take);
            if (m_line.size() > kMaxLine || m_trailerBytes > kMaxTrailerBytes)
                return fail(i);
            if (newline < 0)
                return {i, State::InBody};
            ++i; // '\n'
            if (m_phase == Phase::SizeLine) {
                if (!endSizeLine())
                    return fail(i);
                continue;
            }
            const bool blank = m_line.isEmpty() || m_line == "\r";
            m_line.clear();
            if (blank) {
                m_phase = Phase::Done;
                return {i, State::Done};
            }
            continue; // a trailer field: ignored
        }
        case Phase::Data: {
            const qint64 take = qMin<qint64>(m_chunkRemaining, input.size() - i);
            if (sink && !sink(input.sliced(i, take))) {
                m_sinkFailed = true;
                return fail(i + take);
            }
            m_decoded += take;
            m_chunkRemaining -= take;
            i += take;
            if (m_chunkRemaining == 0)
                m_phase = Phase::DataEnd;
            continue;
        }
        case Phase::DataEnd: {
            // CRLF after the data (a bare LF is tolerated).
            const char c = input[i++];
            if (c == '\r' && m_line.isEmpty()) {
                m_line = QByteArrayLiteral("\r");
                continue;
            }
            if (c != '\n')
                return fail(i);
            m_line.clear();
            m_phase = Phase::SizeLine;
            continue;
        }
        }
    }
    return {i, state()};
}

} // namespace parley::http
