#include "protocol/Integration.h"

#include "protocol/JsonFields.h"
#include "protocol/Time.h"
#include "protocol/Validation.h"

#include <QJsonArray>
#include <QSet>

using namespace Qt::StringLiterals;

namespace parley {
namespace {

constexpr int kKeyNameMax = 100;
constexpr int kEventIdMax = 100;
constexpr int kNoteMax = 2000;
constexpr int kReferenceMax = 100;
constexpr qint64 kMaxAmountMinor = 1'000'000'000'000LL; // 10^12 minor units

// A required, trimmed, non-empty printable string of at most `max` characters.
Result<QString> requireText(const QJsonObject &obj, const QString &field, int max)
{
    auto value = json::requireString(obj, field);
    if (!value)
        return value.error();
    const QString text = value->trimmed();
    if (text.isEmpty())
        return Error::validation(field, field + u" must not be empty"_s);
    if (Status s = validation::atMost(text, max, field); !s)
        return s.error();
    return text;
}

Result<QString> optionalText(const QJsonObject &obj, const QString &field, int max)
{
    if (!obj.contains(field) || obj.value(field).isNull())
        return QString();
    return requireText(obj, field, max);
}

Result<QString> requireOneOf(const QJsonObject &obj, const QString &field,
                             const QStringList &allowed)
{
    auto value = json::requireString(obj, field);
    if (!value)
        return value.error();
    if (!allowed.contains(*value))
        return Error::validation(field,
                                 u"%1 must be one of: %2"_s.arg(field, allowed.join(u", "_s)));
    return *value;
}

// Every key of obj must be in `allowed`: the first one that is not is the error's field.
Status onlyFields(const QJsonObject &obj, const QStringList &allowed)
{
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        if (!allowed.contains(it.key()))
            return Error::validation(it.key(), u"Unknown field %1"_s.arg(it.key()));
    }
    return {};
}

bool isCurrencyCode(const QString &code)
{
    if (code.size() != 3)
        return false;
    for (const QChar c : code) {
        if (c < u'A' || c > u'Z')
            return false;
    }
    return true;
}

QString amountText(qint64 minor, const QString &currency)
{
    return u"%1.%2 %3"_s.arg(minor / 100).arg(minor % 100, 2, 10, QChar(u'0')).arg(currency);
}

QString humanWords(const QString &enumValue)
{
    QString words = enumValue;
    words.replace(u'_', u' ');
    return words;
}

const QStringList kEventEnvelope{u"order_ref"_s, u"event_id"_s, u"type"_s};

Status parseJobUpdate(const QJsonObject &obj, OrderEvent &event)
{
    if (auto s = onlyFields(obj, kEventEnvelope + QStringList{u"status"_s, u"eta"_s, u"note"_s});
        !s)
        return s;
    auto status = requireOneOf(obj, u"status"_s, jobStatuses());
    if (!status)
        return status.error();
    auto eta = json::optionalTime(obj, u"eta"_s);
    if (!eta)
        return eta.error();
    auto note = optionalText(obj, u"note"_s, kNoteMax);
    if (!note)
        return note.error();
    event.fields.insert(u"status"_s, *status);
    event.content = u"Order %1: %2"_s.arg(event.orderRef, humanWords(*status));
    if (eta->isValid()) {
        event.fields.insert(u"eta"_s, toWireTime(*eta));
        event.content += u", expected %1"_s.arg(toWireTime(*eta));
    }
    if (!note->isEmpty()) {
        event.fields.insert(u"note"_s, *note);
        event.content += u" (%1)"_s.arg(*note);
    }
    return {};
}

Status parsePaymentInitiated(const QJsonObject &obj, OrderEvent &event)
{
    if (auto s = onlyFields(
            obj, kEventEnvelope + QStringList{u"amount_minor"_s, u"currency"_s, u"payment_ref"_s});
        !s)
        return s;
    auto amount = json::requireInt(obj, u"amount_minor"_s, 1, kMaxAmountMinor);
    if (!amount)
        return amount.error();
    auto currency = json::requireString(obj, u"currency"_s);
    if (!currency)
        return currency.error();
    if (!isCurrencyCode(*currency))
        return Error::validation(u"currency"_s,
                                 u"currency must be an ISO 4217 code of three capital letters"_s);
    auto reference = requireText(obj, u"payment_ref"_s, kReferenceMax);
    if (!reference)
        return reference.error();
    event.fields.insert(u"amount_minor"_s, *amount);
    event.fields.insert(u"currency"_s, *currency);
    event.fields.insert(u"payment_ref"_s, *reference);
    event.content = u"Order %1: payment of %2 initiated (%3)"_s.arg(
        event.orderRef, amountText(*amount, *currency), *reference);
    return {};
}

Status parseDisputeOpened(const QJsonObject &obj, OrderEvent &event)
{
    if (auto s = onlyFields(obj, kEventEnvelope + QStringList{u"reason"_s, u"text"_s}); !s)
        return s;
    auto reason = requireOneOf(obj, u"reason"_s, disputeReasons());
    if (!reason)
        return reason.error();
    auto text = optionalText(obj, u"text"_s, kNoteMax);
    if (!text)
        return text.error();
    event.fields.insert(u"reason"_s, *reason);
    event.content = u"Order %1: dispute opened (%2)"_s.arg(event.orderRef, humanWords(*reason));
    if (!text->isEmpty()) {
        event.fields.insert(u"text"_s, *text);
        event.content += u": "_s + *text;
    }
    return {};
}

} // namespace

bool isKnownScope(const QString &scope)
{
    return scope == scope::RoomsWrite || scope == scope::EventsWrite;
}

QStringList orderEventTypes()
{
    return {u"job_update"_s, u"payment_initiated"_s, u"dispute_opened"_s};
}

QStringList jobStatuses()
{
    return {u"accepted"_s,  u"preparing"_s, u"picked_up"_s, u"in_transit"_s,
            u"delivered"_s, u"cancelled"_s, u"failed"_s};
}

QStringList disputeReasons()
{
    return {u"not_received"_s,         u"damaged"_s, u"wrong_item"_s, u"not_as_described"_s,
            u"unauthorized_payment"_s, u"other"_s};
}

QJsonObject ApiKey::toJson() const
{
    return {{u"id"_s, id},
            {u"name"_s, name},
            {u"scopes"_s, QJsonArray::fromStringList(scopes)},
            {u"created_by"_s, createdBy},
            {u"created_at"_s, wireTimeOrNull(createdAt)},
            {u"last_used_at"_s, wireTimeOrNull(lastUsedAt)},
            {u"revoked_at"_s, wireTimeOrNull(revokedAt)}};
}

Result<ApiKey> ApiKey::fromJson(const QJsonObject &obj)
{
    ApiKey key;
    auto id = json::requireString(obj, u"id"_s);
    auto name = json::requireString(obj, u"name"_s);
    auto createdBy = json::requireString(obj, u"created_by"_s);
    auto createdAt = json::requireTime(obj, u"created_at"_s);
    auto lastUsed = json::optionalTime(obj, u"last_used_at"_s);
    auto revoked = json::optionalTime(obj, u"revoked_at"_s);
    if (!id)
        return id.error();
    if (!name)
        return name.error();
    if (!createdBy)
        return createdBy.error();
    if (!createdAt)
        return createdAt.error();
    if (!lastUsed)
        return lastUsed.error();
    if (!revoked)
        return revoked.error();
    for (const QJsonValue &scope : obj.value(u"scopes"_s).toArray())
        key.scopes.append(scope.toString());
    key.id = *id;
    key.name = *name;
    key.createdBy = *createdBy;
    key.createdAt = *createdAt;
    key.lastUsedAt = *lastUsed;
    key.revokedAt = *revoked;
    return key;
}

QJsonObject CreatedApiKey::toJson() const
{
    QJsonObject obj = key.toJson();
    obj.insert(u"secret"_s, secret);
    return obj;
}

Result<CreatedApiKey> CreatedApiKey::fromJson(const QJsonObject &obj)
{
    auto key = ApiKey::fromJson(obj);
    if (!key)
        return key.error();
    auto secret = json::requireString(obj, u"secret"_s);
    if (!secret)
        return secret.error();
    if (secret->isEmpty())
        return Error::validation(u"secret"_s, u"must not be empty"_s);
    return CreatedApiKey{*key, *secret};
}

QJsonObject CreateApiKeyRequest::toJson() const
{
    return {{u"name"_s, name}, {u"scopes"_s, QJsonArray::fromStringList(scopes)}};
}

Result<CreateApiKeyRequest> CreateApiKeyRequest::fromJson(const QJsonObject &obj)
{
    CreateApiKeyRequest request;
    auto name = requireText(obj, u"name"_s, kKeyNameMax);
    if (!name)
        return name.error();
    request.name = *name;
    const QJsonValue scopes = obj.value(u"scopes"_s);
    if (!scopes.isArray() || scopes.toArray().isEmpty())
        return Error::validation(u"scopes"_s, u"scopes must be a non-empty array"_s);
    QSet<QString> seen;
    for (const QJsonValue &scope : scopes.toArray()) {
        if (!scope.isString() || !isKnownScope(scope.toString()))
            return Error::validation(u"scopes"_s,
                                     u"scopes may hold rooms:write and events:write"_s);
        if (!seen.contains(scope.toString()))
            request.scopes.append(scope.toString());
        seen.insert(scope.toString());
    }
    return request;
}

Result<OrderRoomRequest> OrderRoomRequest::fromJson(const QJsonObject &obj)
{
    if (auto s = onlyFields(obj, {u"order_ref"_s, u"customer"_s, u"partner"_s, u"subject"_s}); !s)
        return s.error();
    OrderRoomRequest request;
    auto orderRef = requireText(obj, u"order_ref"_s, validation::kOrderRefMax);
    if (!orderRef)
        return orderRef.error();
    auto customer = requireText(obj, u"customer"_s, kReferenceMax);
    if (!customer)
        return customer.error();
    auto partner = requireText(obj, u"partner"_s, kReferenceMax);
    if (!partner)
        return partner.error();
    auto subject = optionalText(obj, u"subject"_s, validation::kSubjectMax);
    if (!subject)
        return subject.error();
    request.orderRef = *orderRef;
    request.customer = *customer;
    request.partner = *partner;
    request.subject = *subject;
    return request;
}

QJsonObject OrderEvent::metadata() const
{
    QJsonObject meta = fields;
    meta.insert(u"event"_s, type);
    meta.insert(u"event_id"_s, eventId);
    meta.insert(u"order_ref"_s, orderRef);
    return meta;
}

Result<OrderEvent> OrderEvent::fromJson(const QJsonObject &obj)
{
    OrderEvent event;
    auto orderRef = requireText(obj, u"order_ref"_s, validation::kOrderRefMax);
    if (!orderRef)
        return orderRef.error();
    auto eventId = requireText(obj, u"event_id"_s, kEventIdMax);
    if (!eventId)
        return eventId.error();
    auto type = requireOneOf(obj, u"type"_s, orderEventTypes());
    if (!type)
        return type.error();
    event.orderRef = *orderRef;
    event.eventId = *eventId;
    event.type = *type;
    Status parsed = *type == u"job_update"          ? parseJobUpdate(obj, event)
                    : *type == u"payment_initiated" ? parsePaymentInitiated(obj, event)
                                                    : parseDisputeOpened(obj, event);
    if (!parsed)
        return parsed.error();
    return event;
}

} // namespace parley
