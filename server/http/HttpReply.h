#pragma once

#include "protocol/Result.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>

namespace parley::http {

// One HTTP answer, built by handlers and written once by ApiServer. JSON is always compact.
struct HttpReply
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers; // extra headers

    static HttpReply json(const QJsonObject &obj, int status = 200);
    static HttpReply json(const QJsonArray &array, int status = 200);
    static HttpReply noContent(); // 204
    // {"error": {"code", "message", "field"?}} with the code's HTTP status (+ Retry-After).
    static HttpReply error(const Error &error);
    static HttpReply text(const QByteArray &body, const QByteArray &contentType, int status = 200);
};

} // namespace parley::http
