#include "service/IntegrationService.h"

#include "auth/RefreshTokens.h"
#include "protocol/Time.h"

#include <QUuid>

namespace parley::service {
namespace {

Status requireAdmin(const User &actor)
{
    if (actor.role != Role::Admin)
        return Error::forbidden(QStringLiteral("Only admins can manage API keys"));
    return {};
}

} // namespace

IntegrationService::IntegrationService(storage::Storage &storage, events::EventBus &bus,
                                       ChatService &chat)
    : m_storage(storage)
    , m_bus(bus)
    , m_chat(chat)
{}

Result<CreatedApiKey> IntegrationService::createKey(const User &actor,
                                                    const CreateApiKeyRequest &request)
{
    if (auto s = requireAdmin(actor); !s)
        return s.error();
    CreatedApiKey created;
    created.secret = QStringLiteral("pk_live_") + auth::newOpaqueToken(32);
    created.key.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    created.key.name = request.name;
    created.key.scopes = request.scopes;
    created.key.createdBy = actor.id;
    created.key.createdAt = fromEpochMs(nowMs());
    if (auto s = m_storage.integrations().createKey(created.key, auth::tokenDigest(created.secret));
        !s)
        return s.error();
    return created;
}

Result<QList<ApiKey>> IntegrationService::listKeys(const User &actor)
{
    if (auto s = requireAdmin(actor); !s)
        return s.error();
    return m_storage.integrations().listKeys();
}

Result<ApiKey> IntegrationService::revokeKey(const User &actor, const QString &keyId)
{
    if (auto s = requireAdmin(actor); !s)
        return s.error();
    return m_storage.integrations().revokeKey(keyId, nowMs());
}

// Keys are 256 random bits: looking one up by the SHA-256 digest of the presented secret leaks
// nothing an attacker can use (the digest is the index key; the secret is never compared).
Result<ApiKey> IntegrationService::authenticate(const QByteArray &secret, QStringView scope)
{
    if (!secret.startsWith("pk_live_"))
        return Error::unauthorized(QStringLiteral("A valid integration API key is required"));
    auto key = m_storage.integrations().keyByDigest(auth::tokenDigest(QString::fromLatin1(secret)));
    if (!key) {
        if (key.error().code == ErrorCode::NotFound)
            return Error::unauthorized(QStringLiteral("A valid integration API key is required"));
        return key.error();
    }
    if (key->revoked())
        return Error::unauthorized(QStringLiteral("This API key was revoked"));
    if (!key->scopes.contains(scope.toString()))
        return Error::forbidden(QStringLiteral("This API key lacks the %1 scope").arg(scope));
    if (auto s = m_storage.integrations().touchKey(key->id, nowMs()); !s)
        return s.error();
    return key;
}

Result<User> IntegrationService::userByReference(const QString &field, const QString &reference)
{
    auto byId = m_storage.users().byId(reference);
    if (byId)
        return byId->user;
    if (byId.error().code != ErrorCode::NotFound)
        return byId.error();
    auto byName = m_storage.users().byUsername(reference);
    if (byName)
        return byName->user;
    if (byName.error().code != ErrorCode::NotFound)
        return byName.error();
    return Error::validation(field, QStringLiteral("Unknown user %1").arg(reference));
}

Result<CreatedRoom> IntegrationService::orderRoom(const OrderRoomRequest &request)
{
    auto customer = userByReference(QStringLiteral("customer"), request.customer);
    if (!customer)
        return customer.error();
    auto partner = userByReference(QStringLiteral("partner"), request.partner);
    if (!partner)
        return partner.error();
    if (customer->id == partner->id)
        return Error::validation(QStringLiteral("partner"),
                                 QStringLiteral("The partner must not be the customer"));
    CreateRoomRequest create;
    create.kind = RoomKind::Order;
    create.orderRef = request.orderRef;
    create.subject = request.subject.isEmpty() ? QStringLiteral("Order %1").arg(request.orderRef)
                                               : request.subject;
    create.members = {partner->id};
    return m_chat.createRoom(*customer, create);
}

Result<storage::AppendResult> IntegrationService::postEvent(const ApiKey &key,
                                                            const OrderEvent &event)
{
    auto room = m_storage.rooms().byOrderRef(event.orderRef);
    if (!room) {
        if (room.error().code == ErrorCode::NotFound)
            return Error::notFound(QStringLiteral("No room for this order"));
        return room.error();
    }
    storage::AppendResult result;
    Status status = m_storage.transaction([&]() -> Status {
        auto earlier = m_storage.integrations().eventMessage(event.orderRef, event.eventId);
        if (!earlier)
            return earlier.error();
        if (*earlier) {
            auto message = m_storage.messages().byId(**earlier);
            if (!message)
                return message.error();
            result = {*message, false};
            return {};
        }
        storage::NewMessage message;
        message.roomId = room->id;
        message.type = MessageType::System;
        message.content = event.content;
        message.metadata = event.metadata();
        message.nowMs = nowMs();
        auto stored = m_storage.messages().append(message);
        if (!stored)
            return stored.error();
        result = *stored;
        return m_storage.integrations().recordEvent(event.orderRef, event.eventId,
                                                    stored->message.id, key.id, message.nowMs);
    });
    if (!status)
        return status.error();
    if (result.created) {
        m_bus.publish(
            events::Event::aboutMessage(events::Event::Kind::MessageCreated, result.message, {}));
    }
    return result;
}

} // namespace parley::service
