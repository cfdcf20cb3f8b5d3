#pragma once

// Everything an end-to-end WebSocket test needs: the REST support (ApiTest.h) plus WsClient and
// helpers to open sockets, build client frames and check the shapes of server frames.
#include "ApiTest.h"
#include "WsClient.h"

#include <memory>
#include <source_location>

namespace parley::test {

// "wss" for a TLS server, else "ws".
QString wsScheme(const TestServer &server);
// ws://127.0.0.1:<port>/ws (wss:// under TLS), with ?token= when token is not empty.
QUrl wsUrl(const TestServer &server, const QString &token = {});
// ws://127.0.0.1:<port>/ws/chat/<room>/?token=<token>
QUrl compatUrl(const TestServer &server, const QString &roomId, const QString &token);

// A /ws socket of `as` (token in the query) that got its `hello`. Fails the current test and
// returns the (unusable) client when it did not.
std::unique_ptr<WsClient> connectChat(const TestServer &server, const Session &as,
                                      const QString &name,
                                      std::source_location where = std::source_location::current());
// A compatibility socket of `as` on `roomId`, open. Fails the current test when it is not.
std::unique_ptr<WsClient>
connectCompat(const TestServer &server, const Session &as, const QString &roomId,
              const QString &name, std::source_location where = std::source_location::current());

// Client frames.
QJsonObject sendFrame(const QString &roomId, const QString &clientId, const QString &content,
                      const QString &ref = {}, const QJsonObject &extra = {});
QJsonObject readFrame(const QString &kind, const QString &roomId, qint64 upToSeq,
                      const QString &ref = {});
QJsonObject typingFrame(const QString &roomId, bool isTyping, const QString &ref = {});
QJsonObject resumeFrame(const QJsonObject &cursors, bool full = false, const QString &ref = {});

// Predicates.
FramePredicate withRef(const QString &ref);
// message / message_updated / message_deleted / ack whose message has this id.
FramePredicate messageId(const QString &id);
// Frames about a room: room_id, message.room_id or room.id.
FramePredicate aboutRoom(const QString &roomId);
// presence frames about this user.
FramePredicate aboutUser(const QString &userId);

// The room a frame is about (see aboutRoom).
QString roomOf(const QJsonObject &frame);

// Shape checks: empty when fine, else what is wrong.
// A User object {id, username, display_name, role} of `who`.
QString checkUser(const QJsonValue &value, const Session &who, const char *what);
// A Message object (PROTOCOL.md "Objects").
QString checkMessage(const QJsonValue &value, const char *what);
// An `error` frame with this code, this ref (none when ref is empty) and a message.
QString checkErrorFrame(const QJsonObject &frame, const QString &code, const QString &ref,
                        const QString &field = {});
// A frame's exact type and that its `ref` is `ref` (absent when ref is empty).
QString checkType(const QJsonObject &frame, const QString &type, const QString &ref = {});

// REST: the messages of a room (all of them, paging with after=).
QJsonArray fullHistory(ApiClient &api, const Session &as, const QString &roomId);

} // namespace parley::test

// WS_WAIT(frame, *client, "message", pred[, timeoutMs]): declares `const QJsonObject frame`, the
// first matching frame; fails the test (with what arrived instead) when none comes.
#define WS_WAIT(var, client, ...)                                                                  \
    const QJsonObject var = (client).waitFor(__VA_ARGS__);                                         \
    QVERIFY2(!var.isEmpty(), qPrintable((client).failure()))

// WS_NONE(*client, "message", pred[, settleMs]): no such frame arrived (after a barrier).
#define WS_NONE(client, ...) PARLEY_CHECK((client).expectNone(__VA_ARGS__))

// WS_CHECK(checkMessage(...)): a shape check.
#define WS_CHECK(expr) PARLEY_CHECK(expr)

// WS_CLOSED(*client, code, timeoutMs): the server closed the socket with this close code.
#define WS_CLOSED(client, code, timeoutMs)                                                         \
    do {                                                                                           \
        QVERIFY2((client).waitClosed(timeoutMs), qPrintable((client).failure()));                  \
        QVERIFY2((client).closeCode() == (code),                                                   \
                 qPrintable(QStringLiteral("%1: closed with %2, expected %3")                      \
                                .arg((client).name(), (client).describeClose())                    \
                                .arg(code)));                                                      \
    } while (false)
