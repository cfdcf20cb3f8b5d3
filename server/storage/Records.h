#pragma once

#include "protocol/Message.h"
#include "protocol/Note.h"
#include "protocol/Room.h"
#include "protocol/User.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// Rows as the stores hand them over: protocol types where the wire shape is the row, small
// records where the server needs more (hashes, flags) than the wire shows.
namespace parley::storage {

struct UserRecord
{
    User user;
    QByteArray passwordHash;
    bool blocked = false;
    qint64 createdAtMs = 0;
    qint64 lastSeenMs = 0; // 0: never seen online
};

struct NewUser
{
    QString username;
    QString displayName;
    Role role = Role::Customer;
    QByteArray passwordHash;
};

struct UserPatch
{
    std::optional<Role> role;
    std::optional<bool> blocked;
    std::optional<QString> displayName;
};

struct RefreshTokenRecord
{
    QByteArray digest;
    QString userId;
    QString family;
    qint64 expiresAtMs = 0;
    qint64 usedAtMs = 0; // 0 while unused
};

// A room's own row, without anything viewer-specific.
struct RoomRecord
{
    QString id;
    RoomKind kind = RoomKind::Support;
    QString subject;
    QString orderRef;
    RoomStatus status = RoomStatus::Open;
    QString createdBy;
    qint64 createdAtMs = 0;
    qint64 lastMessageAtMs = 0; // 0: none
    qint64 lastSeq = 0;
    qint64 waitingSinceMs = 0; // 0: not in the queue
    QString assigneeId;        // support desk: empty when unassigned
};

struct MemberRecord
{
    QString roomId;
    QString userId;
    qint64 joinedAtMs = 0;
    qint64 readSeq = 0;
    qint64 deliveredSeq = 0;
    bool muted = false;
    bool archived = false;
};

struct NewRoom
{
    QString id;
    RoomKind kind = RoomKind::Support;
    QString subject;
    QString orderRef;  // unique when set
    QString directKey; // unique when set: the two user ids, sorted, joined by ':'
    QString createdBy;
    QStringList memberIds; // creator included
    bool waiting = false;
    qint64 nowMs = 0;
};

struct RoomFilter
{
    std::optional<RoomStatus> status;
    std::optional<RoomKind> kind;
    std::optional<bool> archived;    // the viewer's flag; ignored for listAll
    std::optional<QString> assignee; // support desk: this user's rooms; "" unassigned ones
};

// Keyset position in "newest activity first" order.
struct RoomCursor
{
    qint64 activityMs = 0;
    QString id;
};

struct NewMessage
{
    QString roomId;
    std::optional<User> sender; // none: a system message
    QString clientId;
    MessageType type = MessageType::Text;
    QString content;
    QJsonObject metadata;
    QString replyTo;
    QString attachmentId;
    qint64 nowMs = 0;
};

struct AppendResult
{
    Message message;
    bool created = true; // false: an earlier message with the same (sender, client_id)
};

struct MessagePage
{
    QList<Message> messages; // ascending seq
    bool hasMore = false;
};

struct ReportRecord
{
    QString id;
    QString messageId;
    QString reporterId;
    QString reason;
    qint64 createdAtMs = 0;
};

// An upload. Its bytes live in the blob store under sha256 (shared by identical uploads).
struct AttachmentRecord
{
    QString id;
    QString uploaderId;
    QString sha256; // lowercase hex
    QString name;   // sanitized original name: metadata only, never a path
    QString mime;   // detected from the content
    qint64 size = 0;
    std::optional<int> width; // images
    std::optional<int> height;
    QString thumbnailMime; // empty: no thumbnail
    qint64 createdAtMs = 0;

    // The wire object (PROTOCOL.md "Objects").
    Attachment toAttachment() const;
};

// Full-text search over messages (every term must match), newest first.
struct SearchQuery
{
    QStringList terms;            // non-empty, already split and trimmed
    QString viewerId;             // only rooms this user is a member of ...
    bool allRooms = false;        // ... unless this is set (staff)
    QString roomId;               // empty: every room the viewer may see
    std::optional<qint64> before; // a SearchHit::position from the previous page
    int limit = 20;
};

struct SearchHit
{
    Message message;
    qint64 position = 0; // opaque, decreasing along the result order (for paging)
};

struct UnreadEntry
{
    QString roomId;
    qint64 unread = 0;
    bool muted = false;
};

} // namespace parley::storage
