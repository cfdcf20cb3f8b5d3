#pragma once

#include "ClosedLoop.h"
#include "HttpChannel.h"

#include <QDeadlineTimer>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace parley::bench {

// Building requests and reading answers of the Parley REST API.
HttpRequest getRequest(const QByteArray &target, const QByteArray &bearer);
HttpRequest postRequest(const QByteArray &target, const QJsonObject &body,
                        const QByteArray &bearer);
std::optional<QJsonObject> jsonObject(const QByteArray &body);
// Empty when the status is `expected` and the body a JSON object, else why not.
QString expectJson(const HttpResponse &response, int expected, QJsonObject *out = nullptr);
QByteArray roomPath(const QString &roomId, const char *suffix = "");

struct BenchUser
{
    QString username;
    QString password;
    QString id;
    QByteArray access; // the access token (15 min: the bench caps its run time well below)
};

// Who talks where. Support: one support room per customer, the staff member joined to all of
// them (the product's main workload: customers each in their own conversation, an agent answering
// many at once). Group: one group room created by the staff member with every customer in it
// (every send contends for the same room's seq).
enum class RoomLayout { Support, Group };

struct Fixture
{
    QString runId; // 8 hex digits in every name the run creates, so runs never collide
    RoomLayout layout = RoomLayout::Support;
    QList<BenchUser> customers;
    BenchUser staff;
    QStringList rooms; // Support: rooms[i] is customers[i]'s; Group: the one room
};

struct SetupConfig
{
    int users = 10;
    QString adminUser;
    QString adminPassword;
    RoomLayout layout = RoomLayout::Support;
    QDeadlineTimer deadline;
};

// Registers the customers (POST /api/auth/register), creates the staff member as the admin
// (POST /api/admin/users) and logs them in, then creates the rooms. Prints progress on stderr.
// On failure fills `failures` (or `error`) and returns false.
bool setUpFixture(const QList<HttpChannel *> &channels, const SetupConfig &config, Fixture *fixture,
                  QList<Failure> *failures, QString *error);

} // namespace parley::bench
