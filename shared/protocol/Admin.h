#pragma once

#include "protocol/Message.h"
#include "protocol/Result.h"
#include "protocol/User.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

// Objects of the admin API (docs/API.md, "Admin").
namespace parley {

// A User plus what only admins see.
struct AdminUser
{
    User user;
    bool blocked = false;
    QDateTime createdAt;

    QJsonObject toJson() const;
    static Result<AdminUser> fromJson(const QJsonObject &obj);
};

// A reported message: {id, reason, created_at, reporter: User, message: Message}
struct Report
{
    QString id;
    QString reason;
    QDateTime createdAt;
    User reporter;
    Message message;

    QJsonObject toJson() const;
    static Result<Report> fromJson(const QJsonObject &obj);
};

// {users, rooms_open, rooms_waiting, messages_total, connections}
struct ServerStats
{
    qint64 users = 0;
    qint64 roomsOpen = 0;
    qint64 roomsWaiting = 0;
    qint64 messagesTotal = 0;
    qint64 connections = 0;

    QJsonObject toJson() const;
    static Result<ServerStats> fromJson(const QJsonObject &obj);
};

} // namespace parley
