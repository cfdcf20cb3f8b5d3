#include "protocol/Requests.h"

#include "protocol/JsonFields.h"
#include "protocol/Validation.h"

#include <QJsonArray>

namespace parley {

using namespace Qt::StringLiterals;

namespace {

// username + password, validated (register, admin create).
Status readCredentials(const QJsonObject &obj, QString &username, QString &password)
{
    auto user = json::requireString(obj, u"username"_s);
    if (!user)
        return user.error();
    if (Status s = validation::username(*user); !s)
        return s;
    auto pass = json::requireString(obj, u"password"_s);
    if (!pass)
        return pass.error();
    if (Status s = validation::password(*pass); !s)
        return s;
    username = *user;
    password = *pass;
    return Status::success();
}

// display_name: absent, null or "" falls back to the username; otherwise validated and trimmed.
Result<QString> readDisplayName(const QJsonObject &obj, const QString &fallback)
{
    auto name = json::optionalString(obj, u"display_name"_s);
    if (!name)
        return name.error();
    if (!*name || (*name)->isEmpty())
        return fallback;
    if (Status s = validation::displayName(**name); !s)
        return s.error();
    return (*name)->trimmed();
}

Result<Role> readRole(const QJsonObject &obj)
{
    auto text = json::requireString(obj, u"role"_s);
    if (!text)
        return text.error();
    const auto role = roleFromName(*text);
    if (!role)
        return Error::validation(u"role"_s, u"role must be customer, staff or admin"_s);
    return *role;
}

// Optional free text under a length cap (captions of image/file/location messages).
Status caption(const QString &value)
{
    if (value.contains(QChar(u'\0')))
        return Error::validation(u"content"_s, u"content must not contain NUL characters"_s);
    return validation::atMost(value, validation::kTextMax, u"content"_s);
}

bool isPrintable(const QString &value)
{
    for (const QChar c : value) {
        if (!c.isPrint() && !c.isSurrogate())
            return false;
    }
    return true;
}

} // namespace

// --- auth ---------------------------------------------------------------------------------------

QJsonObject RegisterRequest::toJson() const
{
    return {{u"username"_s, username}, {u"password"_s, password}, {u"display_name"_s, displayName}};
}

Result<RegisterRequest> RegisterRequest::fromJson(const QJsonObject &obj)
{
    RegisterRequest r;
    if (Status s = readCredentials(obj, r.username, r.password); !s)
        return s.error();
    auto name = readDisplayName(obj, r.username);
    if (!name)
        return name.error();
    r.displayName = *name;
    return r;
}

QJsonObject LoginRequest::toJson() const
{
    return {{u"username"_s, username}, {u"password"_s, password}};
}

Result<LoginRequest> LoginRequest::fromJson(const QJsonObject &obj)
{
    LoginRequest r;
    auto username = json::requireString(obj, u"username"_s);
    if (!username)
        return username.error();
    auto password = json::requireString(obj, u"password"_s);
    if (!password)
        return password.error();
    r.username = *username;
    r.password = *password;
    return r;
}

QJsonObject RefreshRequest::toJson() const
{
    return {{u"refresh"_s, refresh}};
}

Result<RefreshRequest> RefreshRequest::fromJson(const QJsonObject &obj)
{
    auto refresh = json::requireString(obj, u"refresh"_s);
    if (!refresh)
        return refresh.error();
    if (refresh->isEmpty())
        return Error::validation(u"refresh"_s, u"refresh must not be empty"_s);
    return RefreshRequest{*refresh};
}

QJsonObject TokenPair::toJson() const
{
    QJsonObject obj{{u"access"_s, access}, {u"refresh"_s, refresh}};
    if (user)
        obj.insert(u"user"_s, user->toJson());
    return obj;
}

Result<TokenPair> TokenPair::fromJson(const QJsonObject &obj)
{
    TokenPair pair;
    auto userObj = json::optionalObject(obj, u"user"_s);
    if (!userObj)
        return userObj.error();
    if (*userObj) {
        auto user = User::fromJson(**userObj);
        if (!user)
            return json::nested(user.error(), u"user"_s);
        pair.user = *user;
    }
    auto access = json::requireString(obj, u"access"_s);
    if (!access)
        return access.error();
    auto refresh = json::requireString(obj, u"refresh"_s);
    if (!refresh)
        return refresh.error();
    pair.access = *access;
    pair.refresh = *refresh;
    return pair;
}

// --- rooms --------------------------------------------------------------------------------------

QJsonObject CreateRoomRequest::toJson() const
{
    QJsonObject obj{{u"kind"_s, roomKindName(kind)}};
    if (!subject.isEmpty())
        obj.insert(u"subject"_s, subject);
    if (!orderRef.isEmpty())
        obj.insert(u"order_ref"_s, orderRef);
    if (!members.isEmpty())
        obj.insert(u"members"_s, QJsonArray::fromStringList(members));
    return obj;
}

Result<CreateRoomRequest> CreateRoomRequest::fromJson(const QJsonObject &obj)
{
    CreateRoomRequest r;
    auto kindText = json::requireString(obj, u"kind"_s);
    if (!kindText)
        return kindText.error();
    const auto kind = roomKindFromName(*kindText);
    if (!kind)
        return Error::validation(u"kind"_s, u"kind must be support, order, direct or group"_s);
    r.kind = *kind;

    auto subject = json::optionalString(obj, u"subject"_s);
    if (!subject)
        return subject.error();
    r.subject = subject->value_or(QString());
    if (Status s = validation::atMost(r.subject, validation::kSubjectMax, u"subject"_s); !s)
        return s.error();

    auto orderRef = json::optionalString(obj, u"order_ref"_s);
    if (!orderRef)
        return orderRef.error();
    // Only order rooms have an order reference; elsewhere it is type-checked and dropped.
    if (r.kind == RoomKind::Order) {
        const QString ref = orderRef->value_or(QString()).trimmed();
        if (ref.isEmpty())
            return Error::validation(u"order_ref"_s, u"order_ref is required for order rooms"_s);
        if (Status s = validation::atMost(ref, validation::kOrderRefMax, u"order_ref"_s); !s)
            return s.error();
        if (!isPrintable(ref)) {
            return Error::validation(u"order_ref"_s,
                                     u"order_ref must contain only printable characters"_s);
        }
        r.orderRef = ref;
    }

    auto members = json::optionalArray(obj, u"members"_s);
    if (!members)
        return members.error();
    for (const QJsonValue &v : members->value_or(QJsonArray())) {
        if (!v.isString() || !validation::isUuid(v.toString()))
            return Error::validation(u"members"_s, u"members must be a list of user ids"_s);
        // Stored ids are lowercase; normalising here makes duplicates visible.
        const QString id = v.toString().toLower();
        if (!r.members.contains(id))
            r.members.append(id);
    }
    if (r.kind == RoomKind::Direct && r.members.size() != 1) {
        return Error::validation(u"members"_s, u"a direct room needs exactly one other member"_s);
    }
    return r;
}

// --- messages -----------------------------------------------------------------------------------

QJsonObject SendMessageRequest::toJson() const
{
    QJsonObject obj{{u"type"_s, messageTypeName(type)}, {u"content"_s, content}};
    if (!clientId.isEmpty())
        obj.insert(u"client_id"_s, clientId);
    if (!metadata.isEmpty() || type == MessageType::Location)
        obj.insert(u"metadata"_s, metadata);
    if (!replyTo.isEmpty())
        obj.insert(u"reply_to"_s, replyTo);
    if (!attachmentId.isEmpty())
        obj.insert(u"attachment_id"_s, attachmentId);
    return obj;
}

Result<SendMessageRequest> SendMessageRequest::fromJson(const QJsonObject &obj,
                                                        const QString &typeField)
{
    SendMessageRequest r;
    auto clientId = json::optionalString(obj, u"client_id"_s);
    if (!clientId)
        return clientId.error();
    if (*clientId) {
        if (Status s = validation::clientId(**clientId); !s)
            return s.error();
        r.clientId = **clientId;
    }

    // The type is required (PROTOCOL.md): a client that forgets it should hear so.
    auto typeText = json::requireString(obj, typeField);
    if (!typeText)
        return typeText.error();
    const auto type = messageTypeFromName(*typeText);
    if (!type)
        return Error::validation(typeField,
                                 typeField + u" must be text, image, file or location"_s);
    if (*type == MessageType::System)
        return Error::validation(typeField, u"clients cannot send system messages"_s);
    r.type = *type;

    auto content = json::optionalString(obj, u"content"_s);
    if (!content)
        return content.error();
    r.content = content->value_or(QString());

    auto metadata = json::optionalObject(obj, u"metadata"_s);
    if (!metadata)
        return metadata.error();
    r.metadata = metadata->value_or(QJsonObject());

    auto replyTo = json::optionalString(obj, u"reply_to"_s);
    if (!replyTo)
        return replyTo.error();
    if (*replyTo) {
        if (!validation::isUuid(**replyTo))
            return Error::validation(u"reply_to"_s, u"reply_to must be a message id"_s);
        r.replyTo = (*replyTo)->toLower();
    }

    auto attachmentId = json::optionalString(obj, u"attachment_id"_s);
    if (!attachmentId)
        return attachmentId.error();

    switch (r.type) {
    case MessageType::Text:
        if (!*content)
            return Error::validation(u"content"_s, u"content is required"_s);
        if (Status s = validation::textContent(r.content); !s)
            return s.error();
        break;
    case MessageType::Location:
        if (Status s = validation::location(r.metadata); !s)
            return s.error();
        if (Status s = caption(r.content); !s)
            return s.error();
        break;
    case MessageType::Image:
    case MessageType::File:
        if (!*attachmentId || (*attachmentId)->isEmpty()) {
            return Error::validation(u"attachment_id"_s,
                                     u"attachment_id is required for image and file messages"_s);
        }
        r.attachmentId = **attachmentId;
        if (Status s = caption(r.content); !s)
            return s.error();
        break;
    case MessageType::System:
        break;
    }
    return r;
}

QJsonObject MarkReadRequest::toJson() const
{
    QJsonObject obj;
    if (upToSeq)
        obj.insert(u"up_to_seq"_s, *upToSeq);
    return obj;
}

Result<MarkReadRequest> MarkReadRequest::fromJson(const QJsonObject &obj)
{
    auto upTo = json::optionalInt(obj, u"up_to_seq"_s, 0, json::kMaxSafeInteger);
    if (!upTo)
        return upTo.error();
    return MarkReadRequest{*upTo};
}

QJsonObject FlagRequest::toJson(const QString &field) const
{
    return {{field, value}};
}

Result<FlagRequest> FlagRequest::fromJson(const QJsonObject &obj, const QString &field)
{
    auto value = json::requireBool(obj, field);
    if (!value)
        return value.error();
    return FlagRequest{*value};
}

QJsonObject EditMessageRequest::toJson() const
{
    return {{u"content"_s, content}};
}

Result<EditMessageRequest> EditMessageRequest::fromJson(const QJsonObject &obj)
{
    auto content = json::requireString(obj, u"content"_s);
    if (!content)
        return content.error();
    if (Status s = validation::textContent(*content); !s)
        return s.error();
    return EditMessageRequest{*content};
}

QJsonObject ReportRequest::toJson() const
{
    return {{u"reason"_s, reason}};
}

Result<ReportRequest> ReportRequest::fromJson(const QJsonObject &obj)
{
    auto reason = json::requireString(obj, u"reason"_s);
    if (!reason)
        return reason.error();
    if (reason->trimmed().isEmpty())
        return Error::validation(u"reason"_s, u"reason must not be blank"_s);
    if (Status s = validation::atMost(*reason, validation::kReasonMax, u"reason"_s); !s)
        return s.error();
    return ReportRequest{*reason};
}

// --- admin --------------------------------------------------------------------------------------

QJsonObject AdminCreateUserRequest::toJson() const
{
    return {{u"username"_s, username},
            {u"password"_s, password},
            {u"display_name"_s, displayName},
            {u"role"_s, roleName(role)}};
}

Result<AdminCreateUserRequest> AdminCreateUserRequest::fromJson(const QJsonObject &obj)
{
    AdminCreateUserRequest r;
    if (Status s = readCredentials(obj, r.username, r.password); !s)
        return s.error();
    auto name = readDisplayName(obj, r.username);
    if (!name)
        return name.error();
    r.displayName = *name;
    auto role = readRole(obj);
    if (!role)
        return role.error();
    r.role = *role;
    return r;
}

QJsonObject AdminUpdateUserRequest::toJson() const
{
    QJsonObject obj;
    if (role)
        obj.insert(u"role"_s, roleName(*role));
    if (blocked)
        obj.insert(u"blocked"_s, *blocked);
    if (displayName)
        obj.insert(u"display_name"_s, *displayName);
    return obj;
}

Result<AdminUpdateUserRequest> AdminUpdateUserRequest::fromJson(const QJsonObject &obj)
{
    AdminUpdateUserRequest r;
    auto roleText = json::optionalString(obj, u"role"_s);
    if (!roleText)
        return roleText.error();
    if (*roleText) {
        auto role = readRole(obj);
        if (!role)
            return role.error();
        r.role = *role;
    }
    auto blocked = json::optionalBool(obj, u"blocked"_s);
    if (!blocked)
        return blocked.error();
    r.blocked = *blocked;
    auto name = json::optionalString(obj, u"display_name"_s);
    if (!name)
        return name.error();
    if (*name) {
        if (Status s = validation::displayName(**name); !s)
            return s.error();
        r.displayName = (*name)->trimmed();
    }
    if (!r.role && !r.blocked && !r.displayName)
        return Error::badRequest(u"Nothing to update: give role, blocked or display_name"_s);
    return r;
}

} // namespace parley
