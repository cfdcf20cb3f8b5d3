#pragma once

#include "protocol/JsonFields.h"
#include "protocol/WsFrames.h"
#include "realtime/WireFrame.h"

#include <QJsonObject>
#include <QString>

// Shared by the hub's source files only.
namespace parley::realtime::detail {

// Close codes beyond RFC 6455's: the 44xx mirror HTTP statuses.
constexpr int kCloseUnauthorized = 4401;
constexpr int kCloseForbidden = 4403;
constexpr int kCloseNotFound = 4404;

// A server frame as the text every recipient gets (serialized once per event).
inline WireFrame frameText(const QString &type, const QJsonObject &fields, const QString &ref = {})
{
    return WireFrame(json::compact(ws::frame(type, fields, ref)));
}

// A frame whose "message" is a stored message serialized already (once for the sender's ack and
// every member's copy): the other fields are serialized around it. The key with a null value
// marks the place; inside JSON strings every quote is escaped, so only the key can match.
inline WireFrame frameWithMessage(const QString &type, QJsonObject fields,
                                  const QByteArray &messageJson, const QString &ref = {})
{
    fields.insert(QStringLiteral("message"), QJsonValue::Null);
    QByteArray text = json::compact(ws::frame(type, fields, ref));
    static constexpr QByteArrayView kPlace = R"("message":null)";
    const qsizetype at = text.indexOf(kPlace);
    Q_ASSERT(at >= 0);
    text.replace(at + kPlace.size() - 4, 4, messageJson);
    return WireFrame(text);
}

} // namespace parley::realtime::detail
