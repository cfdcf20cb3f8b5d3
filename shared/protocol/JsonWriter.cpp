#include "protocol/JsonWriter.h"

#include "protocol/Time.h"

#include <QDate>

namespace parley::json {

namespace {

constexpr char kHex[] = "0123456789abcdef";

void appendUnicodeEscape(QByteArray &out, char16_t unit)
{
    const char escape[] = {'\\',
                           'u',
                           kHex[(unit >> 12) & 0xf],
                           kHex[(unit >> 8) & 0xf],
                           kHex[(unit >> 4) & 0xf],
                           kHex[unit & 0xf]};
    out.append(escape, sizeof escape);
}

// Escaped as QJsonDocument does: the quote, the backslash and controls; everything else as UTF-8;
// a lone surrogate (not encodable) as \uXXXX. And U+FEFF as \ufeff, as json::compact() does.
void appendEscaped(QByteArray &out, QStringView text)
{
    const char16_t *it = text.utf16();
    const char16_t *const end = it + text.size();
    while (it != end) {
        const char16_t *plain = it; // a run of printable ASCII, copied in one go
        while (it != end && *it >= 0x20 && *it < 0x80 && *it != u'"' && *it != u'\\')
            ++it;
        if (it != plain) {
            const qsizetype at = out.size();
            out.resize(at + (it - plain));
            char *to = out.data() + at;
            for (const char16_t *c = plain; c != it; ++c)
                *to++ = char(*c);
        }
        if (it == end)
            break;
        const char16_t unit = *it++;
        if (unit < 0x80) {
            char named = 0;
            switch (unit) {
            case u'"':
                named = '"';
                break;
            case u'\\':
                named = '\\';
                break;
            case u'\b':
                named = 'b';
                break;
            case u'\f':
                named = 'f';
                break;
            case u'\n':
                named = 'n';
                break;
            case u'\r':
                named = 'r';
                break;
            case u'\t':
                named = 't';
                break;
            default:
                break;
            }
            if (named) {
                const char escape[] = {'\\', named};
                out.append(escape, 2);
            } else {
                appendUnicodeEscape(out, unit);
            }
        } else if (unit == 0xfeff) {
            out.append("\\ufeff");
        } else if (unit < 0x800) {
            const char bytes[] = {char(0xc0 | (unit >> 6)), char(0x80 | (unit & 0x3f))};
            out.append(bytes, 2);
        } else if (QChar::isHighSurrogate(unit) && it != end && QChar::isLowSurrogate(*it)) {
            const char32_t code = QChar::surrogateToUcs4(unit, *it++);
            const char bytes[] = {char(0xf0 | (code >> 18)), char(0x80 | ((code >> 12) & 0x3f)),
                                  char(0x80 | ((code >> 6) & 0x3f)), char(0x80 | (code & 0x3f))};
            out.append(bytes, 4);
        } else if (QChar::isSurrogate(unit)) {
            appendUnicodeEscape(out, unit);
        } else {
            const char bytes[] = {char(0xe0 | (unit >> 12)), char(0x80 | ((unit >> 6) & 0x3f)),
                                  char(0x80 | (unit & 0x3f))};
            out.append(bytes, 3);
        }
    }
}

void appendDigits(char *&to, int value, int width)
{
    for (int i = width - 1; i >= 0; --i) {
        to[i] = char('0' + value % 10);
        value /= 10;
    }
    to += width;
}

} // namespace

void Writer::separate()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (!m_first.isEmpty()) {
        if (!m_first.last())
            m_out.append(',');
        m_first.last() = false;
    }
}

void Writer::beginObject()
{
    separate();
    m_out.append('{');
    m_first.append(true);
}

void Writer::endObject()
{
    m_out.append('}');
    m_first.removeLast();
}

Writer &Writer::key(QLatin1StringView name)
{
    separate();
    m_out.append('"');
    m_out.append(name.data(), name.size());
    m_out.append("\":", 2);
    m_afterKey = true;
    return *this;
}

void Writer::string(QStringView text)
{
    separate();
    m_out.append('"');
    appendEscaped(m_out, text);
    m_out.append('"');
}

void Writer::stringOrNull(QStringView text)
{
    if (text.isEmpty())
        null();
    else
        string(text);
}

void Writer::integer(qint64 value)
{
    separate();
    m_out.append(QByteArray::number(value));
}

void Writer::integerOrNull(const std::optional<int> &value)
{
    if (value)
        integer(*value);
    else
        null();
}

void Writer::boolean(bool value)
{
    separate();
    m_out.append(value ? QByteArrayView("true") : QByteArrayView("false"));
}

void Writer::null()
{
    separate();
    m_out.append("null", 4);
}

void Writer::time(const QDateTime &time)
{
    if (!time.isValid()) {
        null();
        return;
    }
    // "yyyy-MM-ddTHH:mm:ss.zzzZ" in UTC, from the milliseconds since the epoch (toWireTime()
    // formats the same through QDateTime::toString(), several times slower).
    constexpr qint64 kDayMs = 86400000;
    const qint64 ms = time.toMSecsSinceEpoch();
    qint64 days = ms / kDayMs;
    qint64 inDay = ms % kDayMs;
    if (inDay < 0) {
        inDay += kDayMs;
        --days;
    }
    const QDate date = QDate::fromJulianDay(days + 2440588); // 1970-01-01
    if (date.year() < 0 || date.year() > 9999) {
        string(toWireTime(time)); // beyond four digits: as Qt writes it
        return;
    }
    separate();
    char text[26];
    char *to = text;
    *to++ = '"';
    appendDigits(to, date.year(), 4);
    *to++ = '-';
    appendDigits(to, date.month(), 2);
    *to++ = '-';
    appendDigits(to, date.day(), 2);
    *to++ = 'T';
    appendDigits(to, int(inDay / 3600000), 2);
    *to++ = ':';
    appendDigits(to, int(inDay / 60000 % 60), 2);
    *to++ = ':';
    appendDigits(to, int(inDay / 1000 % 60), 2);
    *to++ = '.';
    appendDigits(to, int(inDay % 1000), 3);
    *to++ = 'Z';
    *to++ = '"';
    m_out.append(text, to - text);
}

void Writer::raw(QByteArrayView json)
{
    separate();
    m_out.append(json);
}

} // namespace parley::json
