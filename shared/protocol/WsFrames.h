#pragma once

#include "protocol/Requests.h"
#include "protocol/Result.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

#include <optional>
#include <variant>

// WebSocket frames of `GET /ws` (PROTOCOL.md). Client frames decode into typed structs; server
// frames are built by small functions so every producer writes the same shape.
namespace parley::ws {

namespace type {
// client -> server
inline const QString Send = QStringLiteral("send");
inline const QString Typing = QStringLiteral("typing");
inline const QString Read = QStringLiteral("read");
inline const QString Delivered = QStringLiteral("delivered");
inline const QString Resume = QStringLiteral("resume");
inline const QString Ping = QStringLiteral("ping");
// server -> client
inline const QString Hello = QStringLiteral("hello");
inline const QString Ack = QStringLiteral("ack");
inline const QString Message = QStringLiteral("message");
inline const QString MessageUpdated = QStringLiteral("message_updated");
inline const QString MessageDeleted = QStringLiteral("message_deleted");
inline const QString Receipt = QStringLiteral("receipt");
inline const QString RoomState = QStringLiteral("room_state");
inline const QString RoomAdded = QStringLiteral("room_added");
inline const QString RoomUpdated = QStringLiteral("room_updated");
inline const QString RoomRemoved = QStringLiteral("room_removed");
inline const QString MemberJoined = QStringLiteral("member_joined");
inline const QString MemberLeft = QStringLiteral("member_left");
inline const QString Presence = QStringLiteral("presence");
inline const QString QueueUpdated = QStringLiteral("queue_updated");
inline const QString Resumed = QStringLiteral("resumed");
inline const QString Note = QStringLiteral("note"); // staff only (docs/API.md, Support desk)
inline const QString CannedChanged = QStringLiteral("canned_changed"); // staff only
inline const QString RatingReceived = QStringLiteral("rating");        // staff only
// Assignment (docs/API.md, Support desk): to staff and the room's members; availability to staff.
inline const QString RoomAssigned = QStringLiteral("room_assigned");
inline const QString Availability = QStringLiteral("availability");
inline const QString Pong = QStringLiteral("pong");
inline const QString Error = QStringLiteral("error");
} // namespace type

struct SendFrame
{
    QString roomId;
    SendMessageRequest message; // client_id is required on the socket
};
struct TypingFrame
{
    QString roomId;
    bool isTyping = false;
};
// `read` and `delivered`
struct ReceiptFrame
{
    QString roomId;
    qint64 upToSeq = 0;
    bool read = true; // false: delivered
};
struct ResumeFrame
{
    QHash<QString, qint64> cursors;
    bool full = false;
};
struct PingFrame
{
};

using ClientFrame = std::variant<SendFrame, TypingFrame, ReceiptFrame, ResumeFrame, PingFrame>;

struct DecodedFrame
{
    QString ref; // echoed on the answer; may be empty
    ClientFrame frame;
};

// Decodes one text frame. On error the returned Error is ready for an `error` frame; `refOut`
// receives the frame's `ref` when one could be read, so even errors carry it.
Result<DecodedFrame> decodeClientFrame(const QByteArray &text, QString *refOut = nullptr);

// What a client sends for `frame` (the inverse of decodeClientFrame), with `ref` when non-empty.
QJsonObject encodeClientFrame(const ClientFrame &frame, const QString &ref = {});

// Server frames.
QJsonObject errorFrame(const Error &error, const QString &ref = {});
QJsonObject frame(const QString &type, QJsonObject fields, const QString &ref = {});

} // namespace parley::ws
