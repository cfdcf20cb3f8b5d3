#include "http/HttpReply.h"

#include "protocol/JsonFields.h"

#include <QJsonDocument>

namespace parley::http {

HttpReply HttpReply::json(const QJsonObject &obj, int status)
{
    HttpReply reply;
    reply.status = status;
    reply.body = json::compact(obj);
    return reply;
}

HttpReply HttpReply::json(const QJsonArray &array, int status)
{
    HttpReply reply;
    reply.status = status;
    reply.body = json::compact(array);
    return reply;
}

HttpReply HttpReply::noContent()
{
    HttpReply reply;
    reply.status = 204;
    reply.contentType.clear(); // a 204 has no body, so nothing to describe
    return reply;
}

HttpReply HttpReply::error(const Error &error)
{
    HttpReply reply =
        json(QJsonObject{{QStringLiteral("error"), error.toJson()}}, httpStatus(error.code));
    if (error.code == ErrorCode::RateLimited) {
        // "Retry-After: 0" would invite an immediate retry storm; one second is the floor.
        reply.headers.append(
            {QByteArrayLiteral("Retry-After"), QByteArray::number(qMax(1, error.retryAfterS))});
    }
    return reply;
}

HttpReply HttpReply::streamed(std::shared_ptr<QIODevice> device, qint64 length,
                              const QByteArray &contentType, int status)
{
    HttpReply reply;
    reply.status = status;
    reply.contentType = contentType;
    reply.stream = std::move(device);
    reply.streamLength = length;
    return reply;
}

HttpReply HttpReply::text(const QByteArray &body, const QByteArray &contentType, int status)
{
    HttpReply reply;
    reply.status = status;
    reply.contentType = contentType;
    reply.body = body;
    return reply;
}

} // namespace parley::http
