#include "demo/DemoData.h"

#include "auth/PasswordHasher.h"
#include "logging/Logging.h"
#include "service/ChatService.h"
#include "storage/Storage.h"

#include "protocol/Integration.h"

#include <QDateTime>

namespace parley::demo {
namespace {

struct Script
{
    service::ChatService &chat;
    storage::Storage &storage;

    Result<QString> open(const User &who, RoomKind kind, const QString &subject,
                         const QString &orderRef = {})
    {
        CreateRoomRequest request;
        request.kind = kind;
        request.subject = subject;
        request.orderRef = orderRef;
        auto created = chat.createRoom(who, request);
        if (!created)
            return created.error();
        return created->room.id;
    }

    Status say(const User &who, const QString &roomId, const QString &text)
    {
        SendMessageRequest request;
        request.content = text;
        auto sent = chat.send(who, roomId, request);
        return sent ? Status() : Status(sent.error());
    }

    // Stored as IntegrationService::postEvent stores one (without a key to record it under).
    Status orderEvent(const QString &roomId, const QString &orderRef, QJsonObject fields)
    {
        fields.insert(QStringLiteral("order_ref"), orderRef);
        fields.insert(
            QStringLiteral("event_id"),
            QStringLiteral("demo-%1").arg(fields.value(QStringLiteral("type")).toString()));
        auto event = OrderEvent::fromJson(fields);
        if (!event)
            return event.error();
        storage::NewMessage message;
        message.roomId = roomId;
        message.type = MessageType::System;
        message.content = event->content;
        message.metadata = event->metadata();
        message.nowMs = QDateTime::currentMSecsSinceEpoch();
        auto stored = storage.messages().append(message);
        return stored ? Status() : Status(stored.error());
    }
};

} // namespace

Status seedDemoData(storage::Storage &storage, service::ChatService &chat)
{
    auto users = storage.users().count();
    if (!users)
        return users.error();
    if (*users > 0) {
        qCInfo(lcServer) << "Demo data not seeded: the database already has users";
        return {};
    }

    // One hash serves the three accounts: they share the demo password.
    const auto hash = auth::PasswordHasher::hashBlocking(QString::fromLatin1(kDemoPassword));
    if (!hash)
        return Error::internal(QStringLiteral("Could not hash the demo password"));

    User alice, sam, admin;
    const std::tuple<QString, QString, Role, User *> accounts[] = {
        {QStringLiteral("alice"), QStringLiteral("Alice Martin"), Role::Customer, &alice},
        {QStringLiteral("sam"), QStringLiteral("Sam Carter"), Role::Staff, &sam},
        {QStringLiteral("admin"), QStringLiteral("Ada Admin"), Role::Admin, &admin},
    };
    for (const auto &[username, name, role, out] : accounts) {
        auto created = storage.users().create({username, name, role, *hash});
        if (!created)
            return created.error();
        *out = created->user;
    }

    Script s{chat, storage};
    auto parcel = s.open(alice, RoomKind::Support, QStringLiteral("Where is my parcel?"));
    if (!parcel)
        return parcel.error();
    if (auto r =
            s.say(alice, *parcel,
                  QStringLiteral("Hi! My order ORD-1001 was due yesterday and has not arrived."));
        !r)
        return r;
    if (auto joined = chat.join(sam, *parcel); !joined)
        return joined.error();
    for (const auto &[who, text] : {
             std::pair{&sam, QStringLiteral("Hi Alice, I'm checking with the courier now.")},
             std::pair{&alice, QStringLiteral("Thank you!")},
             std::pair{&sam,
                       QStringLiteral("It is out for delivery and should arrive by 6 pm today.")},
         }) {
        if (auto r = s.say(*who, *parcel, text); !r)
            return r;
    }

    auto order = s.open(alice, RoomKind::Order, QStringLiteral("Order ORD-1002"),
                        QStringLiteral("ORD-1002"));
    if (!order)
        return order.error();
    if (auto r = s.say(alice, *order, QStringLiteral("Can I still change the delivery address?"));
        !r)
        return r;
    if (auto joined = chat.join(sam, *order); !joined)
        return joined.error();
    if (auto r = s.say(sam, *order,
                       QStringLiteral("Yes, it has not shipped yet. What is the new address?"));
        !r)
        return r;
    // Order events as a shop's integration posts them (shown as cards in the app).
    for (const QJsonObject &event : {
             QJsonObject{{QStringLiteral("type"), QStringLiteral("payment_initiated")},
                         {QStringLiteral("amount_minor"), 4250},
                         {QStringLiteral("currency"), QStringLiteral("EUR")},
                         {QStringLiteral("payment_ref"), QStringLiteral("pay_ORD-1002")}},
             QJsonObject{{QStringLiteral("type"), QStringLiteral("job_update")},
                         {QStringLiteral("status"), QStringLiteral("preparing")},
                         {QStringLiteral("note"), QStringLiteral("Packed, waiting for pickup")}},
         }) {
        if (auto r = s.orderEvent(*order, QStringLiteral("ORD-1002"), event); !r)
            return r;
    }

    auto invoice =
        s.open(alice, RoomKind::Support, QStringLiteral("Invoice needs my company name"));
    if (!invoice)
        return invoice.error();
    if (auto r = s.say(alice, *invoice,
                       QStringLiteral("Could you reissue invoice INV-2291 to Martin & Co Ltd?"));
        !r)
        return r;

    // Canned responses for the staff console's composer ("/" or Ctrl+Shift+R).
    for (const auto &[title, shortcut, body] : {
             std::tuple{QStringLiteral("Thanks for waiting"), QStringLiteral("/thanks"),
                        QStringLiteral("Thanks for waiting, {customer_name}. {agent_name} here, "
                                       "I'm looking into it now.")},
             std::tuple{QStringLiteral("Refund timeline"), QStringLiteral("/refund"),
                        QStringLiteral("The refund for {order_ref} reaches your account within "
                                       "5 business days.")},
             std::tuple{QStringLiteral("Anything else?"), QStringLiteral("/close"),
                        QStringLiteral("Is there anything else I can help with? If not, I'll "
                                       "close this conversation.")},
         }) {
        if (auto r = storage.canned().create(title, shortcut, body, sam.id,
                                             QDateTime::currentMSecsSinceEpoch());
            !r)
            return r.error();
    }

    qCInfo(lcServer) << "Demo data seeded: alice, sam, admin (password demo-password)";
    return {};
}

} // namespace parley::demo
