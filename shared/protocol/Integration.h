#pragma once

#include "protocol/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace parley {

// Integration API keys and order events (docs/API.md, "Support desk: integrations").

// The scopes a key may hold.
namespace scope {
inline constexpr QStringView RoomsWrite = u"rooms:write";
inline constexpr QStringView EventsWrite = u"events:write";
} // namespace scope
bool isKnownScope(const QString &scope);

// An integration key as listed: never its secret.
// {"id","name","scopes","created_by","created_at","last_used_at","revoked_at"}
struct ApiKey
{
    QString id;
    QString name;
    QStringList scopes;
    QString createdBy; // the admin's user id
    QDateTime createdAt;
    QDateTime lastUsedAt; // invalid: never used
    QDateTime revokedAt;  // invalid: live

    bool revoked() const { return revokedAt.isValid(); }
    QJsonObject toJson() const;
    static Result<ApiKey> fromJson(const QJsonObject &obj);
};

// The answer of POST /api/admin/api-keys: the ApiKey plus "secret" ("pk_live_..."), the only time
// the secret is shown (the server keeps its digest only).
struct CreatedApiKey
{
    ApiKey key;
    QString secret;
    QJsonObject toJson() const;
    static Result<CreatedApiKey> fromJson(const QJsonObject &obj);
};

// POST /api/admin/api-keys: {"name","scopes":[..]}
struct CreateApiKeyRequest
{
    QString name;
    QStringList scopes;
    QJsonObject toJson() const;
    static Result<CreateApiKeyRequest> fromJson(const QJsonObject &obj);
};

// POST /api/integrations/v1/order-rooms: {"order_ref","customer","partner","subject"?}.
// customer and partner name existing users by id or username.
struct OrderRoomRequest
{
    QString orderRef;
    QString customer;
    QString partner;
    QString subject;
    static Result<OrderRoomRequest> fromJson(const QJsonObject &obj);
};

// POST /api/integrations/v1/events: a typed system event into an order's room.
// {"order_ref","event_id","type", ...the type's fields}. Parsed strictly: unknown types, missing,
// extra and wrong-typed fields are validation errors naming the field.
struct OrderEvent
{
    QString orderRef;
    QString eventId;
    QString type;       // job_update | payment_initiated | dispute_opened
    QJsonObject fields; // the type's fields, as validated
    QString content;    // the human-readable sentence stored as the message's content
    // The system message's metadata: {"event": type, "event_id", ...fields}.
    QJsonObject metadata() const;
    static Result<OrderEvent> fromJson(const QJsonObject &obj);
};

QStringList orderEventTypes();
QStringList jobStatuses();
QStringList disputeReasons();

} // namespace parley
