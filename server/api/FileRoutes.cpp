#include "api/ApiContext.h"

#include "attachments/AttachmentService.h"
#include "attachments/FileNames.h"
#include "attachments/FileTypes.h"
#include "http/ByteRange.h"

#include <QFile>

namespace parley::api {
namespace {

using attachments::FileAccess;
using http::ByteRange;

// The bytes of a file (whole or one range), streamed from disk by the HTTP edge.
HttpReply fileReply(const QHttpServerRequest &request, const FileAccess &access)
{
    const QByteArray etag = access.etag.toLatin1();
    const QList<QPair<QByteArray, QByteArray>> common{
        {QByteArrayLiteral("ETag"), etag},
        {QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("private, no-cache")},
        {QByteArrayLiteral("Accept-Ranges"), QByteArrayLiteral("bytes")},
        // Never run as a page, whatever a browser thinks of the bytes.
        {QByteArrayLiteral("Content-Security-Policy"),
         QByteArrayLiteral("default-src 'none'; sandbox")},
        {QByteArrayLiteral("Content-Disposition"),
         attachments::contentDisposition(access.record.name,
                                         attachments::isImageType(access.mime))},
    };
    if (http::etagMatches(request.value(QByteArrayLiteral("If-None-Match")), etag)) {
        HttpReply reply;
        reply.status = 304;
        reply.contentType.clear();
        reply.headers = common;
        return reply;
    }

    auto file = std::make_shared<QFile>(access.path);
    if (!file->open(QIODevice::ReadOnly))
        return HttpReply::error(Error::internal(QStringLiteral("The file is missing")));
    const qint64 size = file->size();
    const ByteRange range = ByteRange::parse(request.value(QByteArrayLiteral("Range")), size);
    if (range.kind == ByteRange::Kind::Unsatisfiable) {
        HttpReply reply =
            HttpReply::error(Error::badRequest(QStringLiteral("The range is outside the file")));
        reply.status = 416;
        reply.headers.append(
            {QByteArrayLiteral("Content-Range"), "bytes */" + QByteArray::number(size)});
        return reply;
    }
    const bool partial = range.kind == ByteRange::Kind::Partial;
    if (partial && !file->seek(range.first))
        return HttpReply::error(Error::internal(QStringLiteral("The file cannot be read")));
    HttpReply reply = HttpReply::streamed(file, partial ? range.length() : size,
                                          access.mime.toLatin1(), partial ? 206 : 200);
    reply.headers = common;
    if (partial) {
        reply.headers.append(
            {QByteArrayLiteral("Content-Range"), QByteArrayLiteral("bytes %1-%2/%3")
                                                     .replace("%1", QByteArray::number(range.first))
                                                     .replace("%2", QByteArray::number(range.last))
                                                     .replace("%3", QByteArray::number(size))});
    }
    return reply;
}

} // namespace

void addFileRoutes(Router &router, ApiContext &ctx)
{
    auto &files = ctx.attachments;
    addAuthed(router, ctx, Method::Get, QStringLiteral("/api/chat/files/{}"),
              [&files](const QHttpServerRequest &request, const QStringList &args, const User &me) {
                  auto access = files.file(me, args.at(0));
                  return access ? fileReply(request, *access) : HttpReply::error(access.error());
              });
    addAuthed(router, ctx, Method::Get, QStringLiteral("/api/chat/files/{}/thumbnail"),
              [&files](const QHttpServerRequest &request, const QStringList &args, const User &me) {
                  auto access = files.thumbnail(me, args.at(0));
                  return access ? fileReply(request, *access) : HttpReply::error(access.error());
              });
}

} // namespace parley::api
