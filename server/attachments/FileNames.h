#pragma once

#include <QByteArray>
#include <QString>

namespace parley::attachments {

// The name a client gave an upload, made safe to show and to send back in a header: the last
// path component only, no control or path characters, no leading dots, at most 200 characters;
// "file" when nothing is left. It is metadata: the server never uses it as a path.
QString sanitizeFileName(const QString &name);

// Content-Disposition for a download (RFC 6266): `inline` or `attachment`, an ASCII fallback
// filename and the exact UTF-8 name as filename* (RFC 8187).
QByteArray contentDisposition(const QString &name, bool inlineDisposition);

} // namespace parley::attachments
