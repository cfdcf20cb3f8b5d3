#include "api/ApiReply.h"

#include "protocol/ErrorCode.h"
#include "protocol/JsonFields.h"

#include <QJsonDocument>
#include <QNetworkReply>

namespace parley::client::reply {

Error errorOf(int status, const QByteArray &body, const QString &networkError)
{
    if (status == 0)
        return {ErrorCode::Unavailable,
                networkError.isEmpty() ? QStringLiteral("Cannot reach the server") : networkError,
                {}};
    const auto doc = QJsonDocument::fromJson(body);
    if (auto parsed = Error::fromJson(doc.object().value(QStringLiteral("error")).toObject()))
        return *parsed;
    // Not the protocol's shape (a proxy in between, an old server): the status decides.
    for (auto code :
         {ErrorCode::BadRequest, ErrorCode::Unauthorized, ErrorCode::Forbidden, ErrorCode::NotFound,
          ErrorCode::Conflict, ErrorCode::PayloadTooLarge, ErrorCode::UnsupportedMediaType,
          ErrorCode::RateLimited, ErrorCode::Unavailable}) {
        if (httpStatus(code) == status)
            return {code, QStringLiteral("HTTP %1").arg(status), {}};
    }
    return Error::internal(QStringLiteral("HTTP %1").arg(status));
}

Result<QJsonValue> decode(QNetworkReply *reply)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (status < 200 || status >= 300) {
        auto error =
            errorOf(status, body,
                    reply->error() == QNetworkReply::NoError ? QString() : reply->errorString());
        if (error.code == ErrorCode::RateLimited)
            error.retryAfterS = reply->rawHeader("Retry-After").toInt();
        return error;
    }
    if (body.trimmed().isEmpty())
        return QJsonValue();
    QJsonParseError parseError;
    const auto doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error::internal(QStringLiteral("The server's answer is not JSON"));
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

QString describe(const Error &error)
{
    if (error.code == ErrorCode::Unavailable)
        return QStringLiteral("Cannot reach the server");
    if (!error.message.isEmpty())
        return error.message;
    return errorCodeName(error.code);
}

} // namespace parley::client::reply
