#include "attachments/FileNames.h"

#include <QUrl>

namespace parley::attachments {
namespace {

constexpr qsizetype kMaxNameChars = 200;

bool isUnsafe(QChar c)
{
    const char16_t u = c.unicode();
    if (u < 0x20 || u == 0x7f || (u >= 0x80 && u < 0xa0))
        return true;
    if (c.isSurrogate())
        return false; // halves of a pair (emoji and the like) are fine
    if (c.category() == QChar::Other_Format || c.isNonCharacter())
        return true; // bidi overrides, zero-width characters
    switch (u) {
    case u'/':
    case u'\\':
    case u':':
    case u'*':
    case u'?':
    case u'"':
    case u'<':
    case u'>':
    case u'|':
        return true;
    default:
        return false;
    }
}

} // namespace

QString sanitizeFileName(const QString &name)
{
    // Browsers send "C:\\path\\file.txt" sometimes: keep the last component of either kind.
    QString base = name;
    const qsizetype slash = qMax(base.lastIndexOf(u'/'), base.lastIndexOf(u'\\'));
    if (slash >= 0)
        base = base.mid(slash + 1);
    QString out;
    out.reserve(base.size());
    for (QChar c : std::as_const(base))
        out.append(isUnsafe(c) ? QChar(u'_') : c);
    out = out.trimmed();
    while (out.startsWith(u'.'))
        out.remove(0, 1);
    while (out.endsWith(u'.') || out.endsWith(u' '))
        out.chop(1);
    if (out.size() > kMaxNameChars) {
        // Keep the extension if it is short.
        const qsizetype dot = out.lastIndexOf(u'.');
        const QString ext = dot > 0 && out.size() - dot <= 16 ? out.mid(dot) : QString();
        out = out.left(kMaxNameChars - ext.size());
        if (out.back().isHighSurrogate())
            out.chop(1);
        out += ext;
    }
    return out.isEmpty() ? QStringLiteral("file") : out;
}

QByteArray contentDisposition(const QString &name, bool inlineDisposition)
{
    QByteArray ascii;
    for (QChar c : name) {
        const char16_t u = c.unicode();
        ascii.append(u >= 0x20 && u < 0x7f && u != u'"' && u != u'\\' && u != u'%' ? char(u) : '_');
    }
    QByteArray value(inlineDisposition ? "inline" : "attachment");
    value += "; filename=\"" + ascii + "\"; filename*=UTF-8''" +
             QUrl::toPercentEncoding(name, QByteArrayLiteral("!#$&+-.^_`|~"));
    return value;
}

} // namespace parley::attachments
