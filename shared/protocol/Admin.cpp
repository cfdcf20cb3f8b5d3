#include "protocol/Admin.h"

#include "protocol/Time.h"

namespace parley {

QJsonObject AdminUser::toJson() const
{
    QJsonObject obj = user.toJson();
    obj.insert(QStringLiteral("blocked"), blocked);
    obj.insert(QStringLiteral("created_at"), wireTimeOrNull(createdAt));
    return obj;
}

Result<AdminUser> AdminUser::fromJson(const QJsonObject &obj)
{
    auto user = User::fromJson(obj);
    if (!user)
        return user.error();
    if (!obj.value(QStringLiteral("blocked")).isBool())
        return Error::validation(QStringLiteral("blocked"), QStringLiteral("Expected a boolean"));
    AdminUser admin{*user, obj.value(QStringLiteral("blocked")).toBool(), {}};
    if (auto created = fromWireTime(obj.value(QStringLiteral("created_at")).toString()))
        admin.createdAt = *created;
    return admin;
}

QJsonObject Report::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("reason"), reason},
            {QStringLiteral("created_at"), wireTimeOrNull(createdAt)},
            {QStringLiteral("reporter"), reporter.toJson()},
            {QStringLiteral("message"), message.toJson()}};
}

Result<Report> Report::fromJson(const QJsonObject &obj)
{
    auto reporter = User::fromJson(obj.value(QStringLiteral("reporter")).toObject());
    if (!reporter)
        return Error::validation(QStringLiteral("reporter"), reporter.error().message);
    auto message = Message::fromJson(obj.value(QStringLiteral("message")).toObject());
    if (!message)
        return Error::validation(QStringLiteral("message"), message.error().message);
    Report report;
    report.id = obj.value(QStringLiteral("id")).toString();
    report.reason = obj.value(QStringLiteral("reason")).toString();
    if (auto created = fromWireTime(obj.value(QStringLiteral("created_at")).toString()))
        report.createdAt = *created;
    report.reporter = *reporter;
    report.message = *message;
    return report;
}

QJsonObject ServerStats::toJson() const
{
    return {{QStringLiteral("users"), users},
            {QStringLiteral("rooms_open"), roomsOpen},
            {QStringLiteral("rooms_waiting"), roomsWaiting},
            {QStringLiteral("messages_total"), messagesTotal},
            {QStringLiteral("connections"), connections}};
}

Result<ServerStats> ServerStats::fromJson(const QJsonObject &obj)
{
    ServerStats stats;
    const std::pair<const char *, qint64 *> fields[] = {
        {"users", &stats.users},
        {"rooms_open", &stats.roomsOpen},
        {"rooms_waiting", &stats.roomsWaiting},
        {"messages_total", &stats.messagesTotal},
        {"connections", &stats.connections},
    };
    for (const auto &[name, target] : fields) {
        const QJsonValue value = obj.value(QLatin1StringView(name));
        if (!value.isDouble())
            return Error::validation(QString::fromLatin1(name),
                                     QStringLiteral("Expected a number"));
        *target = value.toInteger();
    }
    return stats;
}

} // namespace parley
