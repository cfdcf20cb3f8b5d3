#pragma once

#include "protocol/Result.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace parley {

// A canned response shared by staff (docs/API.md, "Canned responses"):
// {"id","title","shortcut","body","created_at","updated_at"}. The shortcut is "/" and 1-32 of
// a-z 0-9 _ - (stored lower-case, unique); the body may hold placeholders filled on insertion.
struct CannedResponse
{
    QString id;
    QString title;
    QString shortcut;
    QString body;
    QDateTime createdAt;
    QDateTime updatedAt;

    QJsonObject toJson() const;
    static Result<CannedResponse> fromJson(const QJsonObject &obj);
    bool operator==(const CannedResponse &) const = default;
};

// POST /api/chat/canned/ (every field required) and PATCH /api/chat/canned/{id}/ (any of them).
struct CannedRequest
{
    std::optional<QString> title;
    std::optional<QString> shortcut;
    std::optional<QString> body;

    QJsonObject toJson() const;
    static Result<CannedRequest> fromJson(const QJsonObject &obj, bool create);
};

namespace canned {

constexpr int kTitleMax = 100;
constexpr int kShortcutMax = 32; // after the "/"

// "/refund" from "refund", "/Refund" or " /refund ": lower-case with one leading "/".
QString normalizeShortcut(const QString &shortcut);
// The placeholders a body may use, without braces: customer_name, agent_name, order_ref, room_id.
const QStringList &placeholderNames();
// `body` with every {name} of `values` replaced by its value; unknown {names} stay as written.
QString fillPlaceholders(const QString &body, const QHash<QString, QString> &values);

} // namespace canned

} // namespace parley
