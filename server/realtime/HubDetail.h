#pragma once

#include "protocol/JsonFields.h"
#include "protocol/JsonWriter.h"
#include "protocol/WsFrames.h"
#include "realtime/WireFrame.h"

#include <QJsonObject>
#include <QString>

#include <optional>

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
// every member's copy), written around it straight to bytes: {"message":...,"type":...} and the
// ack's "client_id" (null when the send had none) and "ref", keys in json::compact()'s order.
inline WireFrame frameWithMessage(const QString &type, const QByteArray &messageJson,
                                  const QString &ref = {},
                                  const std::optional<QString> &ackClientId = std::nullopt)
{
    QByteArray text;
    text.reserve(messageJson.size() + 96);
    json::Writer out(text);
    out.beginObject();
    if (ackClientId)
        out.key(QLatin1StringView("client_id")).stringOrNull(*ackClientId);
    out.key(QLatin1StringView("message")).raw(messageJson);
    if (!ref.isEmpty())
        out.key(QLatin1StringView("ref")).string(ref);
    out.key(QLatin1StringView("type")).string(type);
    out.endObject();
    return WireFrame(text);
}

} // namespace parley::realtime::detail
