#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace parley::attachments {

// How many leading bytes of a file type detection looks at.
inline constexpr qsizetype kSniffBytes = 64 * 1024;

// The type of a file from its content (its first kSniffBytes bytes), if it is one the server
// accepts (PROTOCOL.md "Uploads": PNG, JPEG, GIF, WebP, PDF, plain text, DOC, DOCX, ODT); else
// nullopt (415). The file name and the client's Content-Type play no part.
//
// QMimeDatabase's magic decides, with two container formats made specific: DOCX has no magic of
// its own (it is a ZIP), so a ZIP counts as DOCX when its first entries include
// "[Content_Types].xml" and a "word/" part; DOC is an OLE2 container, which counts as DOC when
// Word's magic matches or its directory (within the sniffed bytes) names a "WordDocument" stream.
std::optional<QString> detectAllowedType(const QByteArray &head);

bool isImageType(const QString &mime);

} // namespace parley::attachments
