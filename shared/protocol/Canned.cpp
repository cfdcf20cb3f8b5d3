#include "protocol/Canned.h"

#include "protocol/JsonFields.h"
#include "protocol/Time.h"
#include "protocol/Validation.h"

#include <QRegularExpression>

namespace parley {

using namespace Qt::StringLiterals;

namespace canned {

QString normalizeShortcut(const QString &shortcut)
{
    QString out = shortcut.trimmed().toLower();
    if (!out.startsWith(u'/'))
        out.prepend(u'/');
    return out;
}

const QStringList &placeholderNames()
{
    static const QStringList names{u"customer_name"_s, u"agent_name"_s, u"order_ref"_s,
                                   u"room_id"_s};
    return names;
}

QString fillPlaceholders(const QString &body, const QHash<QString, QString> &values)
{
    static const QRegularExpression placeholder(u"\\{([a-z_]+)\\}"_s);
    QString out;
    qsizetype from = 0;
    auto it = placeholder.globalMatch(body);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        out += QStringView(body).mid(from, match.capturedStart() - from);
        const auto value = values.constFind(match.captured(1));
        out += value == values.cend() ? match.captured(0) : *value;
        from = match.capturedEnd();
    }
    out += QStringView(body).mid(from);
    return out;
}

} // namespace canned

namespace {

Status checkTitle(const QString &title)
{
    const QString trimmed = title.trimmed();
    if (trimmed.isEmpty() || validation::codePointCount(trimmed) > canned::kTitleMax)
        return Error::validation(u"title"_s,
                                 u"title must be 1-%1 characters"_s.arg(canned::kTitleMax));
    return {};
}

Status checkShortcut(const QString &shortcut)
{
    static const QRegularExpression pattern(u"^/[a-z0-9_-]{1,%1}$"_s.arg(canned::kShortcutMax));
    if (!pattern.match(canned::normalizeShortcut(shortcut)).hasMatch())
        return Error::validation(u"shortcut"_s, u"shortcut must be / and 1-%1 of a-z 0-9 _ -"_s.arg(
                                                    canned::kShortcutMax));
    return {};
}

} // namespace

QJsonObject CannedResponse::toJson() const
{
    return {{u"id"_s, id},
            {u"title"_s, title},
            {u"shortcut"_s, shortcut},
            {u"body"_s, body},
            {u"created_at"_s, toWireTime(createdAt)},
            {u"updated_at"_s, toWireTime(updatedAt)}};
}

Result<CannedResponse> CannedResponse::fromJson(const QJsonObject &obj)
{
    CannedResponse canned;
    for (auto [field, target] :
         {std::pair{u"id"_s, &canned.id}, std::pair{u"title"_s, &canned.title},
          std::pair{u"shortcut"_s, &canned.shortcut}, std::pair{u"body"_s, &canned.body}}) {
        auto value = json::requireString(obj, field);
        if (!value)
            return value.error();
        *target = *value;
    }
    auto created = json::requireTime(obj, u"created_at"_s);
    if (!created)
        return created.error();
    canned.createdAt = *created;
    auto updated = json::requireTime(obj, u"updated_at"_s);
    if (!updated)
        return updated.error();
    canned.updatedAt = *updated;
    return canned;
}

QJsonObject CannedRequest::toJson() const
{
    QJsonObject obj;
    if (title)
        obj.insert(u"title"_s, *title);
    if (shortcut)
        obj.insert(u"shortcut"_s, *shortcut);
    if (body)
        obj.insert(u"body"_s, *body);
    return obj;
}

Result<CannedRequest> CannedRequest::fromJson(const QJsonObject &obj, bool create)
{
    CannedRequest request;
    for (auto [field, target] :
         {std::pair{u"title"_s, &request.title}, std::pair{u"shortcut"_s, &request.shortcut},
          std::pair{u"body"_s, &request.body}}) {
        if (create) {
            auto value = json::requireString(obj, field);
            if (!value)
                return value.error();
            *target = *value;
        } else {
            auto value = json::optionalString(obj, field);
            if (!value)
                return value.error();
            *target = *value;
        }
    }
    if (request.title) {
        if (Status s = checkTitle(*request.title); !s)
            return s.error();
        request.title = request.title->trimmed();
    }
    if (request.shortcut) {
        if (Status s = checkShortcut(*request.shortcut); !s)
            return s.error();
        request.shortcut = canned::normalizeShortcut(*request.shortcut);
    }
    if (request.body) {
        if (Status s = validation::textContent(*request.body, u"body"_s); !s)
            return s.error();
    }
    if (!create && !request.title && !request.shortcut && !request.body)
        return Error::badRequest(u"Nothing to change: give title, shortcut or body"_s);
    return request;
}

} // namespace parley
