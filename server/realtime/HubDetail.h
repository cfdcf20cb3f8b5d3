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

} // namespace parley::realtime::detail
