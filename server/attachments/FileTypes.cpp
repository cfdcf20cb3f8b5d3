#include "attachments/FileTypes.h"

#include <QMimeDatabase>
#include <QStringList>

namespace parley::attachments {
namespace {

const QString kDocx =
    QStringLiteral("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
const QString kDoc = QStringLiteral("application/msword");

// Detected as themselves by their magic (or, for text/plain, by looking like text).
const QStringList &directTypes()
{
    static const QStringList types{
        QStringLiteral("image/png"),
        QStringLiteral("image/jpeg"),
        QStringLiteral("image/gif"),
        QStringLiteral("image/webp"),
        QStringLiteral("application/pdf"),
        QStringLiteral("text/plain"),
        kDoc,
        QStringLiteral("application/vnd.oasis.opendocument.text"),
    };
    return types;
}

bool looksLikeDocx(const QByteArray &head)
{
    return head.contains("[Content_Types].xml") && head.contains("word/");
}

bool looksLikeWordOle(const QByteArray &head)
{
    static const QByteArray wordDocument = [] {
        QByteArray utf16;
        for (char c : QByteArrayView("WordDocument")) {
            utf16.append(c);
            utf16.append('\0');
        }
        return utf16;
    }();
    return head.contains(wordDocument);
}

} // namespace

std::optional<QString> detectAllowedType(const QByteArray &head)
{
    static const QMimeDatabase db;
    const QMimeType type = db.mimeTypeForData(head.left(kSniffBytes));
    const QString name = type.name();
    if (directTypes().contains(name))
        return name;
    if (name == u"application/zip" && looksLikeDocx(head))
        return kDocx;
    if (name == u"application/x-ole-storage" && looksLikeWordOle(head))
        return kDoc;
    return std::nullopt;
}

bool isImageType(const QString &mime)
{
    return mime.startsWith(u"image/");
}

} // namespace parley::attachments
