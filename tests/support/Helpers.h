#pragma once

#include "ApiClient.h"

#include "protocol/Message.h"
#include "protocol/Room.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <source_location>

// Short steps for REST tests. Each one expects success; on anything else it fails the current test
// at the caller's line (with the answer in the message) and returns an empty value, so a test can
// chain a few and then RETURN_IF_FAILED().
namespace parley::test {

// A username that no other test of this process uses: "<prefix>_<n>" (lowercase, <= 32 chars).
QString uniqueName(const QString &prefix);

// POST /api/chat/rooms/ with body; expects 201 (or 200 when allowExisting). The Room JSON.
QJsonObject createRoom(ApiClient &api, const Session &as, const QJsonObject &body,
                       bool allowExisting = false,
                       std::source_location where = std::source_location::current());
// A support room opened by `as`: its id.
QString openSupportRoom(ApiClient &api, const Session &as,
                        const QString &subject = QStringLiteral("Help"),
                        std::source_location where = std::source_location::current());
// A group room of `as` plus members: its id.
QString openGroupRoom(ApiClient &api, const Session &as, const QList<Session> &members,
                      const QString &subject = QStringLiteral("Group"),
                      std::source_location where = std::source_location::current());

// POST /api/chat/rooms/{id}/messages/ with a text; expects 201.
parley::Message send(ApiClient &api, const Session &as, const QString &roomId, const QString &text,
                     const QString &clientId = {},
                     std::source_location where = std::source_location::current());
// The same, returning the raw Message JSON.
QJsonObject sendJson(ApiClient &api, const Session &as, const QString &roomId,
                     const QJsonObject &body,
                     std::source_location where = std::source_location::current());

// GET /api/chat/rooms/{id}/ (200): the Room JSON.
QJsonObject fetchRoom(ApiClient &api, const Session &as, const QString &roomId,
                      std::source_location where = std::source_location::current());
// GET /api/chat/rooms/{id}/messages/?query (200): the results array.
QJsonArray fetchHistory(ApiClient &api, const Session &as, const QString &roomId,
                        const QString &query = {},
                        std::source_location where = std::source_location::current());
// GET /api/chat/search/?q=... (q percent-encoded, `extra` appended as it is: "&room=..."): the
// answer, whatever it is.
Reply searchMessages(ApiClient &api, const Session &as, const QString &q,
                     const QString &extra = {});
// The same, expecting 200: the contents of the messages found, in the server's order (newest
// first).
QStringList searchContents(ApiClient &api, const Session &as, const QString &q,
                           const QString &extra = {},
                           std::source_location where = std::source_location::current());
// A series of GET /metrics without labels (a counter, a gauge, a histogram's _count), -1 when
// absent.
double metricValue(ApiClient &api, const QString &name);
// POST /api/chat/rooms/{id}/{action}/ (join, close, reopen, ...), expecting `status`: the answer.
QJsonObject roomAction(ApiClient &api, const Session &as, const QString &roomId,
                       const QString &action, const QJsonObject &body = {}, int status = 200,
                       std::source_location where = std::source_location::current());

// Decoders that fail the current test when the shared protocol library rejects the JSON.
parley::Room toRoom(const QJsonObject &json,
                    std::source_location where = std::source_location::current());
parley::Message toMessage(const QJsonObject &json,
                          std::source_location where = std::source_location::current());

// The `id` strings of a JSON array of objects, in order.
QStringList idsOf(const QJsonArray &objects);
// The `seq` numbers of a JSON array of messages, in order.
QList<qint64> seqsOf(const QJsonArray &messages);
// first, first + 1, ..., last (seqs to compare with).
QList<qint64> range(qint64 first, qint64 last);
// user.username of each member of a Room JSON.
QStringList memberUsernames(const QJsonObject &room);
// The entry of `rooms.results` (or any array of objects) with this id; empty when absent.
QJsonObject findById(const QJsonArray &objects, const QString &id);

QString roomPath(const QString &roomId, const QString &tail = {});
QString messagePath(const QString &messageId, const QString &tail = {});

} // namespace parley::test
