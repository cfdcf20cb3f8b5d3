#include "webhooks/Payloads.h"

#include "protocol/JsonFields.h"
#include "protocol/Room.h"
#include "protocol/Time.h"
#include "protocol/Webhook.h"

namespace parley::webhooks {

using namespace Qt::StringLiterals;

namespace {

// Enough to show in a notification; the receiver fetches the rest through the API if it must.
constexpr qsizetype kExcerptChars = 280;

QJsonObject messageSummary(const QJsonObject &message)
{
    return {{u"id"_s, message.value(u"id"_s)},
            {u"seq"_s, message.value(u"seq"_s)},
            {u"type"_s, message.value(u"type"_s)},
            {u"sender"_s, message.value(u"sender"_s)},
            {u"excerpt"_s, message.value(u"content"_s).toString().left(kExcerptChars)},
            {u"has_attachment"_s, message.value(u"attachment"_s).isObject()},
            {u"created_at"_s, message.value(u"created_at"_s)}};
}

} // namespace

QByteArray offlineMemberBody(const storage::RoomRecord &room, const QJsonObject &message,
                             const User &recipient, qint64 nowMs)
{
    User plain = recipient;
    plain.online.reset();
    plain.lastSeen.reset();
    return json::compact(
        {{u"event"_s, QString::fromUtf16(webhook::kOfflineMemberEvent)},
         {u"created_at"_s, toWireTime(fromEpochMs(nowMs))},
         {u"room"_s,
          QJsonObject{{u"id"_s, room.id},
                      {u"kind"_s, roomKindName(room.kind)},
                      {u"subject"_s, room.subject},
                      {u"order_ref"_s, json::stringOrNull(room.orderRef)}}},
         {u"message"_s, messageSummary(message)},
         {u"recipient"_s, plain.toJson()}});
}

QByteArray pingBody(const QString &endpointId, qint64 nowMs)
{
    return json::compact({{u"event"_s, QString::fromUtf16(webhook::kPingEvent)},
                          {u"created_at"_s, toWireTime(fromEpochMs(nowMs))},
                          {u"webhook_id"_s, endpointId}});
}

} // namespace parley::webhooks
