#pragma once

#include "events/EventBus.h"
#include "protocol/Admin.h"
#include "protocol/Requests.h"
#include "protocol/Result.h"
#include "storage/Storage.h"

#include <QObject>

#include <functional>

namespace parley::auth {
class PasswordHasher;
}

namespace parley::service {

struct UserPage
{
    QList<AdminUser> users;
    QString nextCursor;
};

struct ReportPage
{
    QList<Report> reports;
    QString nextCursor;
};

AdminUser toAdminUser(const storage::UserRecord &record);

// What admins do: users, reports, stats. Every call checks that the actor is an admin.
class AdminService : public QObject
{
public:
    AdminService(storage::Storage &storage, auth::PasswordHasher &hasher, events::EventBus &bus,
                 std::function<qint64()> connectionCount);

    Result<UserPage> listUsers(const User &actor, const QString &query, int limit,
                               const QString &cursor);
    void createUser(const User &actor, const AdminCreateUserRequest &request,
                    std::function<void(Result<AdminUser>)> done);
    Result<AdminUser> updateUser(const User &actor, const QString &userId,
                                 const AdminUpdateUserRequest &request);
    Result<ReportPage> reports(const User &actor, int limit, const QString &cursor);
    Result<ServerStats> stats(const User &actor);

private:
    storage::Storage &m_storage;
    auth::PasswordHasher &m_hasher;
    events::EventBus &m_bus;
    std::function<qint64()> m_connectionCount;
};

} // namespace parley::service
