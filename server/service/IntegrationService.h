#pragma once

#include "events/EventBus.h"
#include "protocol/Integration.h"
#include "protocol/Result.h"
#include "protocol/User.h"
#include "service/ChatService.h"
#include "storage/Storage.h"

#include <QList>
#include <QString>

namespace parley::service {

// Integrations (docs/API.md, "Support desk: integrations"): admins manage API keys; a key with
// the right scope opens order rooms and posts typed order events into them as system messages,
// published like every message (hub, resume, unread, cluster).
class IntegrationService
{
public:
    IntegrationService(storage::Storage &storage, events::EventBus &bus, ChatService &chat);

    // Admins only (Forbidden otherwise).
    Result<CreatedApiKey> createKey(const User &actor, const CreateApiKeyRequest &request);
    Result<QList<ApiKey>> listKeys(const User &actor);
    Result<ApiKey> revokeKey(const User &actor, const QString &keyId);

    // The live key a presented secret names: Unauthorized for an unknown or revoked one,
    // Forbidden when it lacks `scope`. Records its last use.
    Result<ApiKey> authenticate(const QByteArray &secret, QStringView scope);

    // The order's room, created with the customer and the partner on first use (created=false:
    // the existing one). Both name existing users by id or username.
    Result<CreatedRoom> orderRoom(const OrderRoomRequest &request);
    // Posts the event into its order's room once: the same (order_ref, event_id) again answers
    // the first message (created=false) and adds nothing.
    Result<storage::AppendResult> postEvent(const ApiKey &key, const OrderEvent &event);

private:
    Result<User> userByReference(const QString &field, const QString &reference);

    storage::Storage &m_storage;
    events::EventBus &m_bus;
    ChatService &m_chat;
};

} // namespace parley::service
