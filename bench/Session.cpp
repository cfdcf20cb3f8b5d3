#include "Session.h"
#include "Report.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTextStream>

namespace parley::bench {
namespace {

// Registration and login hash with Argon2id (two at a time on the server): more in flight only
// queues. Fewer when there are fewer channels.
constexpr int kSetupConcurrency = 4;

QString randomHex(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()), bytes / 4);
    return QString::fromLatin1(raw.toHex());
}

bool runStep(const QString &what, const QList<HttpChannel *> &channels, const LoopSpec &spec,
             QList<Failure> *failures, QString *error)
{
    err() << "setup: " << what << Qt::endl;
    LoopResult result = runClosedLoop(channels, spec);
    if (result.timedOut) {
        *error = QStringLiteral("time limit reached during setup (%1)").arg(what);
        return false;
    }
    if (result.failed) {
        *failures = result.failures;
        *error = QStringLiteral("setup failed: %1").arg(what);
        return false;
    }
    return true;
}

// Reads {user, access} of a register or login answer into `user`.
QString readTokens(const HttpResponse &response, int status, BenchUser *user)
{
    QJsonObject body;
    if (QString why = expectJson(response, status, &body); !why.isEmpty())
        return why;
    user->id = body.value(QStringLiteral("user")).toObject().value(QStringLiteral("id")).toString();
    user->access = body.value(QStringLiteral("access")).toString().toUtf8();
    if (user->id.isEmpty() || user->access.isEmpty())
        return QStringLiteral("answer without user.id or access");
    return {};
}

} // namespace

HttpRequest getRequest(const QByteArray &target, const QByteArray &bearer)
{
    return {QByteArrayLiteral("GET"), target, {}, bearer};
}

HttpRequest postRequest(const QByteArray &target, const QJsonObject &body, const QByteArray &bearer)
{
    return {QByteArrayLiteral("POST"), target, QJsonDocument(body).toJson(QJsonDocument::Compact),
            bearer};
}

std::optional<QJsonObject> jsonObject(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return doc.object();
}

QString expectJson(const HttpResponse &response, int expected, QJsonObject *out)
{
    if (response.status != expected)
        return QStringLiteral("expected HTTP %1").arg(expected);
    auto object = jsonObject(response.body);
    if (!object)
        return QStringLiteral("body is not a JSON object");
    if (out)
        *out = std::move(*object);
    return {};
}

QByteArray roomPath(const QString &roomId, const char *suffix)
{
    return "/api/chat/rooms/" + roomId.toUtf8() + '/' + suffix;
}

bool setUpFixture(const QList<HttpChannel *> &channels, const SetupConfig &config, Fixture *fixture,
                  QList<Failure> *failures, QString *error)
{
    fixture->runId = randomHex(4);
    fixture->layout = config.layout;
    fixture->customers.clear();
    fixture->rooms.clear();
    for (int i = 0; i < config.users; ++i) {
        BenchUser user;
        user.username = QStringLiteral("bench-%1-c%2").arg(fixture->runId).arg(i);
        user.password = randomHex(12);
        fixture->customers.append(user);
    }
    fixture->staff.username = QStringLiteral("bench-%1-staff").arg(fixture->runId);
    fixture->staff.password = randomHex(12);
    err() << "setup: run id " << fixture->runId << Qt::endl;

    LoopSpec spec;
    spec.deadline = config.deadline;
    spec.concurrency = kSetupConcurrency;

    // The admin creates the staff member; both then log in.
    BenchUser admin{config.adminUser, config.adminPassword, {}, {}};
    spec.count = 1;
    spec.request = [&](qint64) {
        return postRequest("/api/auth/login",
                           {{QStringLiteral("username"), admin.username},
                            {QStringLiteral("password"), admin.password}},
                           {});
    };
    spec.check = [&](qint64, const HttpResponse &r) { return readTokens(r, 200, &admin); };
    if (!runStep(QStringLiteral("log in as admin %1").arg(admin.username), channels, spec, failures,
                 error)) {
        return false;
    }

    spec.request = [&](qint64) {
        const BenchUser &staff = fixture->staff;
        return postRequest("/api/admin/users/",
                           {{QStringLiteral("username"), staff.username},
                            {QStringLiteral("password"), staff.password},
                            {QStringLiteral("display_name"), QStringLiteral("Bench Staff")},
                            {QStringLiteral("role"), QStringLiteral("staff")}},
                           admin.access);
    };
    spec.check = [](qint64, const HttpResponse &r) { return expectJson(r, 201); };
    if (!runStep(QStringLiteral("create staff %1").arg(fixture->staff.username), channels, spec,
                 failures, error)) {
        return false;
    }

    spec.request = [&](qint64) {
        return postRequest("/api/auth/login",
                           {{QStringLiteral("username"), fixture->staff.username},
                            {QStringLiteral("password"), fixture->staff.password}},
                           {});
    };
    spec.check = [&](qint64, const HttpResponse &r) { return readTokens(r, 200, &fixture->staff); };
    if (!runStep(QStringLiteral("log in as staff"), channels, spec, failures, error))
        return false;

    spec.count = config.users;
    spec.request = [&](qint64 i) {
        const BenchUser &user = fixture->customers.at(i);
        return postRequest(
            "/api/auth/register",
            {{QStringLiteral("username"), user.username},
             {QStringLiteral("password"), user.password},
             {QStringLiteral("display_name"), QStringLiteral("Bench Customer %1").arg(i)}},
            {});
    };
    spec.check = [&](qint64 i, const HttpResponse &r) {
        return readTokens(r, 201, &fixture->customers[i]);
    };
    if (!runStep(QStringLiteral("register %1 customers").arg(config.users), channels, spec,
                 failures, error)) {
        return false;
    }

    if (config.layout == RoomLayout::Group) {
        spec.count = 1;
        spec.request = [&](qint64) {
            QJsonArray members;
            for (const BenchUser &user : std::as_const(fixture->customers))
                members.append(user.id);
            return postRequest(
                "/api/chat/rooms/",
                {{QStringLiteral("kind"), QStringLiteral("group")},
                 {QStringLiteral("subject"), QStringLiteral("bench %1").arg(fixture->runId)},
                 {QStringLiteral("members"), members}},
                fixture->staff.access);
        };
        spec.check = [&](qint64, const HttpResponse &r) {
            QJsonObject room;
            if (QString why = expectJson(r, 201, &room); !why.isEmpty())
                return why;
            fixture->rooms.append(room.value(QStringLiteral("id")).toString());
            return QString();
        };
        return runStep(QStringLiteral("create a group room with %1 members").arg(config.users + 1),
                       channels, spec, failures, error);
    }

    fixture->rooms = QStringList(config.users, QString());
    spec.count = config.users;
    spec.request = [&](qint64 i) {
        return postRequest("/api/chat/rooms/",
                           {{QStringLiteral("kind"), QStringLiteral("support")},
                            {QStringLiteral("subject"),
                             QStringLiteral("bench %1 customer %2").arg(fixture->runId).arg(i)}},
                           fixture->customers.at(i).access);
    };
    spec.check = [&](qint64 i, const HttpResponse &r) {
        QJsonObject room;
        if (QString why = expectJson(r, 201, &room); !why.isEmpty())
            return why;
        fixture->rooms[i] = room.value(QStringLiteral("id")).toString();
        return fixture->rooms[i].isEmpty() ? QStringLiteral("room without id") : QString();
    };
    if (!runStep(QStringLiteral("create %1 support rooms").arg(config.users), channels, spec,
                 failures, error)) {
        return false;
    }
    spec.request = [&](qint64 i) {
        return postRequest(roomPath(fixture->rooms.at(i), "join/"), {}, fixture->staff.access);
    };
    spec.check = [](qint64, const HttpResponse &r) { return expectJson(r, 200); };
    return runStep(QStringLiteral("staff joins the %1 rooms").arg(config.users), channels, spec,
                   failures, error);
}

} // namespace parley::bench
