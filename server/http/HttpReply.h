#pragma once

#include "protocol/Result.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>

#include <memory>

QT_BEGIN_NAMESPACE
class QIODevice;
QT_END_NAMESPACE

namespace parley::http {

// One HTTP answer, built by handlers and written once by ApiServer. JSON is always compact.
struct HttpReply
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers; // extra headers
    // A body streamed from a device (an open file, positioned) instead of `body`: streamLength
    // bytes are written as the client takes them, never the whole in memory.
    std::shared_ptr<QIODevice> stream;
    qint64 streamLength = 0;

    static HttpReply json(const QJsonObject &obj, int status = 200);
    static HttpReply json(const QJsonArray &array, int status = 200);
    static HttpReply noContent(); // 204
    // {"error": {"code", "message", "field"?}} with the code's HTTP status (+ Retry-After).
    static HttpReply error(const Error &error);
    // streamLength bytes of an open, positioned device.
    static HttpReply streamed(std::shared_ptr<QIODevice> device, qint64 length,
                              const QByteArray &contentType, int status = 200);
    static HttpReply text(const QByteArray &body, const QByteArray &contentType, int status = 200);
};

} // namespace parley::http
