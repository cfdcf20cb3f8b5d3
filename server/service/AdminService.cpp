#include "service/AdminService.h"

#include "auth/PasswordHasher.h"
#include "logging/Logging.h"
#include "protocol/Time.h"
#include "protocol/Validation.h"
#include "service/Cursor.h"

#include <algorithm>

namespace parley::service {
namespace {

constexpr int kMaxLimit = 200;

Status requireAdmin(const User &actor)
{
    if (actor.role != Role::Admin)
        return Error::forbidden(QStringLiteral("Admins only"));
    return {};
}

} // namespace

AdminUser toAdminUser(const storage::UserRecord &record)
{
    return {record.user, record.blocked, fromEpochMs(record.createdAtMs)};
}

AdminService::AdminService(storage::Storage &storage, auth::PasswordHasher &hasher,
                           events::EventBus &bus, std::function<qint64()> connectionCount)
    : m_storage(storage)
    , m_hasher(hasher)
    , m_bus(bus)
    , m_connectionCount(std::move(connectionCount))
{}

Result<UserPage> AdminService::listUsers(const User &actor, const QString &query, int limit,
                                         const QString &cursor)
{
    if (auto s = requireAdmin(actor); !s)
        return s.error();
    limit = std::clamp(limit, 1, kMaxLimit);
    // The cursor is the last username of the previous page.
    QString after;
    if (!cursor.isEmpty()) {
        after = QString::fromUtf8(
            QByteArray::fromBase64(cursor.toLatin1(), QByteArray::Base64UrlEncoding));
    }
    auto users = m_storage.users().list(query, after, limit + 1);
    if (!users)
        return users.error();
    UserPage page;
    const bool more = users->size() > limit;
    if (more)
        users->removeLast();
    for (const storage::UserRecord &record : std::as_const(*users))
        page.users.append(toAdminUser(record));
    if (more) {
        page.nextCursor = QString::fromLatin1(users->last().user.username.toUtf8().toBase64(
            QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    }
    return page;
}

void AdminService::createUser(const User &actor, const AdminCreateUserRequest &request,
                              std::function<void(Result<AdminUser>)> done)
{
    if (auto s = requireAdmin(actor); !s)
        return done(s.error());
    auto existing = m_storage.users().byUsername(request.username);
    if (existing)
        return done(Error{ErrorCode::Conflict, QStringLiteral("Username is taken"),
                          QStringLiteral("username")});
    m_hasher.hash(request.password, this, [this, request, done](std::optional<QByteArray> hash) {
        if (!hash)
            return done(Error{ErrorCode::Unavailable, QStringLiteral("Server busy"), {}, 1});
        auto created =
            m_storage.users().create({request.username, request.displayName, request.role, *hash});
        if (!created)
            return done(created.error());
        qCInfo(lcAuth) << "Admin created" << roleName(request.role) << request.username;
        done(toAdminUser(*created));
    });
}

Result<AdminUser> AdminService::updateUser(const User &actor, const QString &userId,
                                           const AdminUpdateUserRequest &request)
{
    if (auto s = requireAdmin(actor); !s)
        return s.error();
    if (!validation::isUuid(userId))
        return Error::notFound(QStringLiteral("No such user"));
    auto target = m_storage.users().byId(userId);
    if (!target)
        return target.error();
    if (userId == actor.id) {
        if (request.blocked.value_or(false))
            return Error::conflict(QStringLiteral("You cannot block yourself"));
        if (request.role && *request.role != Role::Admin)
            return Error::conflict(QStringLiteral("You cannot remove your own admin role"));
    }
    storage::UserPatch patch{request.role, request.blocked, request.displayName};
    std::optional<storage::UserRecord> updated;
    Status status = m_storage.transaction([&]() -> Status {
        auto changed = m_storage.users().update(userId, patch);
        if (!changed)
            return changed.error();
        updated = *changed;
        if (request.blocked.value_or(false))
            return m_storage.tokens().revokeUser(userId);
        return {};
    });
    if (!status)
        return status.error();
    if (updated->user != target->user) {
        m_bus.publish({events::Event::Kind::UserUpdated,
                       {},
                       userId,
                       {{QStringLiteral("user"), updated->user.toJson()}},
                       {}});
    }
    if (request.blocked.value_or(false) && !target->blocked) {
        qCInfo(lcAuth) << "Blocked" << target->user.username << "by" << actor.username;
        m_bus.publish({events::Event::Kind::UserBlocked, {}, userId, {}, {}});
    }
    return toAdminUser(*updated);
}

Result<ReportPage> AdminService::reports(const User &actor, int limit, const QString &cursor)
{
    if (auto s = requireAdmin(actor); !s)
        return s.error();
    limit = std::clamp(limit, 1, kMaxLimit);
    std::optional<storage::RoomCursor> before;
    if (!cursor.isEmpty()) {
        before = decodeCursor(cursor);
        if (!before)
            return Error::validation(QStringLiteral("cursor"), QStringLiteral("Invalid cursor"));
    }
    auto records = m_storage.reports().list(before, limit + 1);
    if (!records)
        return records.error();
    ReportPage page;
    const bool more = records->size() > limit;
    if (more)
        records->removeLast();
    for (const storage::ReportRecord &record : std::as_const(*records)) {
        auto reporter = m_storage.users().byId(record.reporterId);
        auto message = m_storage.messages().byId(record.messageId);
        if (!reporter || !message)
            continue;
        page.reports.append(
            {record.id, record.reason, fromEpochMs(record.createdAtMs), reporter->user, *message});
    }
    if (more)
        page.nextCursor = encodeCursor({records->last().createdAtMs, records->last().id});
    return page;
}

Result<ServerStats> AdminService::stats(const User &actor)
{
    if (auto s = requireAdmin(actor); !s)
        return s.error();
    ServerStats stats;
    const std::pair<Result<qint64>, qint64 *> counts[] = {
        {m_storage.users().count(), &stats.users},
        {m_storage.rooms().countOpen(), &stats.roomsOpen},
        {m_storage.rooms().countWaiting(), &stats.roomsWaiting},
        {m_storage.messages().count(), &stats.messagesTotal},
    };
    for (const auto &[count, target] : counts) {
        if (!count)
            return count.error();
        *target = *count;
    }
    stats.connections = m_connectionCount ? m_connectionCount() : 0;
    return stats;
}

} // namespace parley::service
