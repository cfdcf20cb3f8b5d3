#include "cli/UserCommands.h"

#include "auth/PasswordHasher.h"
#include "cli/Commands.h"
#include "protocol/Admin.h"
#include "protocol/Validation.h"
#include "service/AdminService.h"
#include "storage/Storage.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace parley::cli {
namespace {

struct Context
{
    const app::ParsedCommandLine &command;
    storage::Storage &storage;
    QTextStream &in;
    QTextStream &out;
    QTextStream &err;

    int fail(const QString &message)
    {
        err << "parley-server: " << message << Qt::endl;
        return kFailed;
    }
    int usage(const QString &message)
    {
        err << "parley-server: " << message << "\nSee 'parley-server --help'." << Qt::endl;
        return kUsage;
    }
    Result<storage::UserRecord> user(const QString &username)
    {
        auto found = storage.users().byUsername(username);
        if (!found && found.error().code == ErrorCode::NotFound)
            return Error::notFound(QStringLiteral("No user named '%1'").arg(username));
        return found;
    }
};

int add(Context &c, const QStringList &args)
{
    if (args.size() != 1)
        return c.usage(
            QStringLiteral("usage: user add USERNAME --role ROLE [--display-name NAME]"));
    const QString username = args.at(0);
    const auto role = roleFromName(c.command.roleOption);
    if (!role)
        return c.usage(QStringLiteral("--role must be customer, staff or admin"));
    if (auto s = validation::username(username); !s)
        return c.usage(s.error().message);
    const QString displayName =
        c.command.displayNameOption.isEmpty() ? username : c.command.displayNameOption.trimmed();
    if (auto s = validation::displayName(displayName); !s)
        return c.usage(s.error().message);

    QString password = c.in.readLine();
    while (password.endsWith(u'\r') || password.endsWith(u'\n'))
        password.chop(1);
    if (auto s = validation::password(password); !s)
        return c.fail(QStringLiteral("password: %1").arg(s.error().message));

    const auto hash = auth::PasswordHasher::hashBlocking(password);
    if (!hash)
        return c.fail(QStringLiteral("could not hash the password"));
    auto created = c.storage.users().create({username, displayName, *role, *hash});
    if (!created)
        return c.fail(created.error().message);
    c.out << "Created " << roleName(*role) << " " << username << " (" << created->user.id << ")"
          << Qt::endl;
    return kDone;
}

int list(Context &c)
{
    QJsonArray array;
    QString after;
    for (;;) {
        auto page = c.storage.users().list({}, after, 500);
        if (!page)
            return c.fail(page.error().message);
        for (const storage::UserRecord &record : std::as_const(*page)) {
            if (c.command.json) {
                array.append(service::toAdminUser(record).toJson());
            } else {
                c.out << record.user.username << '\t' << roleName(record.user.role) << '\t'
                      << record.user.displayName << '\t' << (record.blocked ? "blocked" : "active")
                      << '\t' << record.user.id << '\n';
            }
        }
        if (page->size() < 500)
            break;
        after = page->last().user.username;
    }
    if (c.command.json)
        c.out << QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact)) << '\n';
    c.out.flush();
    return kDone;
}

int update(Context &c, const QString &verb, const QStringList &args)
{
    const int expected = verb == u"set-role" ? 2 : 1;
    if (args.size() != expected)
        return c.usage(verb == u"set-role" ? QStringLiteral("usage: user set-role USERNAME ROLE")
                                           : QStringLiteral("usage: user %1 USERNAME").arg(verb));
    auto user = c.user(args.at(0));
    if (!user)
        return c.fail(user.error().message);
    storage::UserPatch patch;
    if (verb == u"set-role") {
        patch.role = roleFromName(args.at(1));
        if (!patch.role)
            return c.usage(QStringLiteral("ROLE must be customer, staff or admin"));
    } else {
        patch.blocked = verb == u"block";
    }
    Status status = c.storage.transaction([&]() -> Status {
        if (auto updated = c.storage.users().update(user->user.id, patch); !updated)
            return updated.error();
        // A block ends every session: refresh tokens go now, access tokens fail at their next use.
        if (patch.blocked.value_or(false))
            return c.storage.tokens().revokeUser(user->user.id);
        return {};
    });
    if (!status)
        return c.fail(status.error().message);
    c.out << "Updated " << user->user.username << Qt::endl;
    return kDone;
}

} // namespace

int runUserCommand(const app::ParsedCommandLine &command, QTextStream &in, QTextStream &out,
                   QTextStream &err)
{
    const QStringList &args = command.positional;
    if (args.size() < 2 || args.at(0) != u"user") {
        err << "parley-server: unknown command '" << args.join(u' ')
            << "'\nSee 'parley-server --help'." << Qt::endl;
        return kUsage;
    }
    const QString verb = args.at(1);
    const QStringList rest = args.mid(2);
    static const QStringList verbs{QStringLiteral("add"), QStringLiteral("list"),
                                   QStringLiteral("set-role"), QStringLiteral("block"),
                                   QStringLiteral("unblock")};
    if (!verbs.contains(verb)) {
        err << "parley-server: unknown user command '" << verb << "'" << Qt::endl;
        return kUsage;
    }

    auto storage = storage::openStorage(
        {command.config.databaseUrl, command.config.dataDir, command.config.sqliteSynchronousFull});
    if (!storage) {
        err << "parley-server: " << storage.error().message << Qt::endl;
        return kFailed;
    }
    Context c{command, **storage, in, out, err};
    if (verb == u"add")
        return add(c, rest);
    if (verb == u"list")
        return rest.isEmpty() ? list(c) : c.usage(QStringLiteral("usage: user list [--json]"));
    return update(c, verb, rest);
}

} // namespace parley::cli
