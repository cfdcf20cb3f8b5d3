#pragma once

#include "ApiClient.h"

#include <QByteArray>
#include <QString>

// Helpers for upload tests: multipart bodies, sample files and the server's memory.
namespace parley::test {

// A multipart/form-data body with one part named `field` (filename="fileName" when not empty).
QByteArray multipartBody(const QByteArray &boundary, const QByteArray &field,
                         const QString &fileName, const QByteArray &content);
// POST /api/chat/uploads/ with one `file` part.
Reply upload(ApiClient &api, const Session &as, const QString &fileName, const QByteArray &content);
// A w x h image in this Qt format ("PNG", "JPEG", "GIF", "WEBP").
QByteArray sampleImage(const char *format, int width, int height, bool alpha = false);
// A file of tests/attachments/data.
QByteArray dataFile(const QString &name);
// VmRSS of a process in KiB (0 when unreadable).
qint64 rssKb(qint64 pid);
// An upload over a raw socket with "Transfer-Encoding: chunked": `total` bytes of plain text in
// 64 KiB chunks, sent until the server answers or everything is sent. The answer's status (0
// when none arrived).
int chunkedUpload(quint16 port, const QString &token, qint64 total);

} // namespace parley::test
