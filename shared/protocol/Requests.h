#pragma once

#include "protocol/Message.h"
#include "protocol/Result.h"
#include "protocol/Room.h"
#include "protocol/User.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

// Request bodies of the REST API (PROTOCOL.md). fromJson() validates with the rules in
// Validation.h and names the failing field; toJson() is what a client sends.
namespace parley {

struct RegisterRequest
{
    QString username;
    QString password;
    QString displayName; // defaults to the username when absent or empty
    QJsonObject toJson() const;
    static Result<RegisterRequest> fromJson(const QJsonObject &obj);
};

struct LoginRequest
{
    QString username;
    QString password; // only checked for presence: a wrong length is just a failed login
    QJsonObject toJson() const;
    static Result<LoginRequest> fromJson(const QJsonObject &obj);
};

// Body of /api/auth/refresh and /api/auth/logout.
struct RefreshRequest
{
    QString refresh;
    QJsonObject toJson() const;
    static Result<RefreshRequest> fromJson(const QJsonObject &obj);
};

// {user, access, refresh} (register, login) and {access, refresh} (refresh: user absent).
struct TokenPair
{
    std::optional<User> user;
    QString access;
    QString refresh;
    QJsonObject toJson() const;
    static Result<TokenPair> fromJson(const QJsonObject &obj);
};

struct CreateRoomRequest
{
    RoomKind kind = RoomKind::Support;
    QString subject;
    QString orderRef; // required for `order`
    QStringList members;
    QJsonObject toJson() const;
    static Result<CreateRoomRequest> fromJson(const QJsonObject &obj);
};

// POST /messages/ and the WebSocket `send` frame (where `type` is `message_type`).
struct SendMessageRequest
{
    QString clientId;
    MessageType type = MessageType::Text;
    QString content;
    QJsonObject metadata;
    QString replyTo;
    QString attachmentId;
    QJsonObject toJson() const;
    // typeField: "type" for REST, "message_type" for the WebSocket frame.
    static Result<SendMessageRequest> fromJson(const QJsonObject &obj,
                                               const QString &typeField = QStringLiteral("type"));
};

struct MarkReadRequest
{
    std::optional<qint64> upToSeq;
    QJsonObject toJson() const;
    static Result<MarkReadRequest> fromJson(const QJsonObject &obj);
};

// {muted: bool} or {archived: bool}
struct FlagRequest
{
    bool value = false;
    QJsonObject toJson(const QString &field) const;
    static Result<FlagRequest> fromJson(const QJsonObject &obj, const QString &field);
};

struct EditMessageRequest
{
    QString content;
    QJsonObject toJson() const;
    static Result<EditMessageRequest> fromJson(const QJsonObject &obj);
};

struct ReportRequest
{
    QString reason;
    QJsonObject toJson() const;
    static Result<ReportRequest> fromJson(const QJsonObject &obj);
};

struct AdminCreateUserRequest
{
    QString username;
    QString password;
    QString displayName;
    Role role = Role::Staff;
    QJsonObject toJson() const;
    static Result<AdminCreateUserRequest> fromJson(const QJsonObject &obj);
};

struct AdminUpdateUserRequest
{
    std::optional<Role> role;
    std::optional<bool> blocked;
    std::optional<QString> displayName;
    QJsonObject toJson() const;
    static Result<AdminUpdateUserRequest> fromJson(const QJsonObject &obj);
};

} // namespace parley
