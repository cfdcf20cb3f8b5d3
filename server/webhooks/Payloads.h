#pragma once

#include "protocol/User.h"
#include "storage/Records.h"

#include <QByteArray>
#include <QJsonObject>

namespace parley::webhooks {

// The JSON bodies webhooks POST (docs/API.md, "Webhooks"), compact UTF-8, built once per delivery
// and sent byte for byte on every attempt (the signature covers them).

// {"event":"message.offline_member","created_at","room":{id,kind,subject,order_ref},
//  "message":{id,seq,type,sender,excerpt,has_attachment,created_at},"recipient":{User}}
QByteArray offlineMemberBody(const storage::RoomRecord &room, const QJsonObject &message,
                             const User &recipient, qint64 nowMs);
// {"event":"ping","created_at","webhook_id"}
QByteArray pingBody(const QString &endpointId, qint64 nowMs);

} // namespace parley::webhooks
