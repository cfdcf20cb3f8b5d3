#pragma once

#include "protocol/Message.h"
#include "protocol/Requests.h"
#include "protocol/Result.h"
#include "protocol/Room.h"

#include <QAbstractListModel>
#include <QList>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QUrl>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <optional>

class QNetworkReply;

namespace parley::client {

class AppState;
struct OutboxItem;

// One room's conversation, ascending by seq, with my unsent messages (the outbox, uploads in
// progress) after the last stored one. Setting roomId shows the cached recent messages at once,
// then fetches the newest page; loadOlder() pages back. Socket events edit it in place: new
// messages, edits, deletions (content "", attachment gone, deleted: true), receipts (my messages
// turn sent -> delivered -> read), typing.
//
// QML:  MessageListModel { id: messages; roomId: page.roomId; active: page.visible && Window.active
// }
class MessageListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString roomId READ roomId WRITE setRoomId NOTIFY roomIdChanged)
    // The room's details: {id, kind, subject, title, orderRef, status, closed, createdAt,
    // waitingSince, lastSeq, isMember, muted, archived, customerName, assigneeId, assigneeName,
    // members: [{userId, username, displayName, role, online, readSeq, deliveredSeq, joinedAt}]}
    Q_PROPERTY(QVariantMap room READ room NOTIFY roomChanged)
    Q_PROPERTY(bool isMember READ isMember NOTIFY roomChanged)
    // I may send: a member and the room is open.
    Q_PROPERTY(bool canSend READ canSend NOTIFY roomChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    // Older messages exist on the server (loadOlder() fetches a page).
    Q_PROPERTY(bool hasMore READ hasMore NOTIFY hasMoreChanged)
    // The conversation is on screen and the window focused: new messages are marked read.
    Q_PROPERTY(bool active READ isActive WRITE setActive NOTIFY activeChanged)
    // "Alex is typing…" for this room, or "".
    Q_PROPERTY(QString typingText READ typingText NOTIFY typingTextChanged)
    // ui-close: while the room is closed, the seq of the loaded system message that closed it
    // (the closure a customer rates); 0 otherwise.
    Q_PROPERTY(qint64 closedSeq READ closedSeq NOTIFY closedSeqChanged)

public:
    enum DeliveryState {
        NotMine,   // someone else's message (or a system message)
        Pending,   // mine, not acknowledged by the server yet (outbox or uploading)
        Sent,      // stored on the server
        Delivered, // another member's client received it
        Read,      // another member read it
        Failed,    // refused or upload failed: see errorText; retry() or discard()
    };
    Q_ENUM(DeliveryState)

    enum Role {
        MessageIdRole = Qt::UserRole + 1, // "messageId": uuid, "" while pending
        ClientIdRole,       // "clientId": my idempotency key ("" for others' messages)
        SeqRole,            // "seq": per-room order, 0 while pending
        TypeRole,           // "type": "text" | "image" | "file" | "location" | "system"
        ContentRole,        // "content": text ("" when deleted)
        SenderIdRole,       // "senderId": "" for system messages
        SenderNameRole,     // "senderName": display name ("" for system)
        SenderRoleRole,     // "senderRole": "customer" | "staff" | "admin" | ""
        IsMineRole,         // "isMine": bool
        IsSystemRole,       // "isSystem": bool
        ShowSenderRole,     // "showSender": first of a run of messages by the same sender
        CreatedAtRole,      // "createdAt": date (local time of queueing while pending)
        DayRole,            // "day": "yyyy-MM-dd" of createdAt, for ListView sections
        EditedRole,         // "edited": bool
        EditedAtRole,       // "editedAt": date, invalid when never edited
        DeletedRole,        // "deleted": bool
        DeliveryStateRole,  // "deliveryState": DeliveryState
        ErrorTextRole,      // "errorText": why it failed ("" otherwise)
        ReplyToIdRole,      // "replyToId": quoted message id or ""
        ReplyToSenderRole,  // "replyToSender": quoted message's sender name
        ReplyToPreviewRole, // "replyToPreview": one line of the quoted message
        LatitudeRole,       // "latitude": location messages (else 0)
        LongitudeRole,      // "longitude": location messages (else 0)
        AttachmentIdRole,   // "attachmentId": "" when none
        AttachmentNameRole, // "attachmentName": file name
        AttachmentMimeRole, // "attachmentMime": e.g. "image/png"
        AttachmentSizeRole, // "attachmentSize": bytes
        AttachmentUrlRole,  // "attachmentUrl": absolute URL of the bytes (load with the app's
                            // engine)
        ThumbnailUrlRole,   // "thumbnailUrl": absolute URL of the preview (images), else empty
        ImageWidthRole,     // "imageWidth": pixels, 0 when unknown
        ImageHeightRole,    // "imageHeight": pixels, 0 when unknown
        LocalFileRole,      // "localFile": the file being uploaded (file:// URL), else empty
        UploadProgressRole, // "uploadProgress": 0..1 while uploading, -1 otherwise
        OrderEventRole,     // "orderEvent": an integration's typed event (present::orderEvent),
                            // {} for other messages
    };
    Q_ENUM(Role)

    explicit MessageListModel(QObject *parent = nullptr);
    ~MessageListModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString roomId() const { return m_roomId; }
    void setRoomId(const QString &roomId);
    QVariantMap room() const;
    bool isMember() const;
    bool canSend() const;
    int count() const { return int(m_rows.size()); }
    bool isLoading() const { return m_loading; }
    bool hasMore() const { return m_hasMore; }
    bool isActive() const { return m_active; }
    void setActive(bool active);
    QString typingText() const;
    qint64 closedSeq() const;

    // Fetches the page before the oldest loaded message.
    Q_INVOKABLE void loadOlder();
    // Reloads the room and its newest page from the server.
    Q_INVOKABLE void reload();
    // Queue a message (sent now when online, else when back). False when refused locally
    // (blank or over 4000 characters, no room, not allowed to send): see errorOccurred.
    Q_INVOKABLE bool sendText(const QString &text, const QString &replyToId = {});
    Q_INVOKABLE bool sendLocation(double latitude, double longitude, const QString &replyToId = {});
    // Uploads a local file (progress in the row's uploadProgress), then sends it as "image" when
    // the server says it is an image, else "file". Needs the server reachable.
    Q_INVOKABLE bool sendFile(const QUrl &localFile, const QString &replyToId = {});
    Q_INVOKABLE void editMessage(const QString &messageId, const QString &text);
    Q_INVOKABLE void deleteMessage(const QString &messageId);
    Q_INVOKABLE void reportMessage(const QString &messageId, const QString &reason);
    // A Failed row of mine: send again, or drop it.
    Q_INVOKABLE void retry(const QString &clientId);
    Q_INVOKABLE void discard(const QString &clientId);
    // Marks everything loaded as read (done automatically while active).
    Q_INVOKABLE void markRead();
    // Tell the others I am (not) typing; repeated `true` calls are throttled.
    Q_INVOKABLE void setTyping(bool typing);
    // Every role of a row by name ({} when out of range).
    Q_INVOKABLE QVariantMap get(int row) const;
    // Row of a message by id or client id, -1 when not loaded.
    Q_INVOKABLE int indexOfMessage(const QString &messageIdOrClientId) const;

Q_SIGNALS:
    void roomIdChanged();
    void roomChanged();
    void countChanged();
    void loadingChanged();
    void hasMoreChanged();
    void activeChanged();
    void typingTextChanged();
    void closedSeqChanged();
    // Rows were inserted at the top by loadOlder() (to keep the scroll position).
    void olderLoaded(int count);
    // A new message (mine or not) was appended at the bottom.
    void messageAppended(bool mine);
    void reportSent(const QString &messageId);
    void errorOccurred(const QString &message);

private:
    struct Row
    {
        Message message; // for pending rows: seq 0, id "", clientId set
        bool pending = false;
        std::optional<Error> error;
        QUrl localFile;
        double uploadProgress = -1;
        QPointer<QNetworkReply> upload;
    };

    AppState *state() const;
    void connectState();
    void loadRoom();
    void showCached();
    void fetchNewest();
    void mergeMessages(const QList<Message> &messages);
    void upsertMessage(const Message &message);
    // The server's answer to an edit or delete: cached, shown in the room list and the rows.
    void adoptChange(const Result<Message> &changed);
    void insertPending(const OutboxItem &item);
    void resolvePending(const QString &clientId, const Message &message);
    void failPending(const QString &clientId, const Error &error);
    void removePending(const QString &clientId);
    void setLoading(bool loading);
    void setHasMore(bool hasMore);
    void setRoom(const std::optional<Room> &room);
    void applyReceipt(const QString &userId, bool read, qint64 upToSeq);
    void onTyping(const User &user, bool isTyping);
    void maybeMarkRead();
    void startUpload(const QString &clientId, const QString &localPath, const QString &replyTo);
    bool enqueue(SendMessageRequest request);
    QVariant roleData(int row, int role) const;
    DeliveryState deliveryState(const Row &row) const;
    int rowOfSeq(qint64 seq) const;
    int rowOfClientId(const QString &clientId) const;
    int firstPendingRow() const;
    void changedRows(int first, int last);
    QString selfId() const;

    QString m_roomId;
    std::optional<Room> m_room;
    QList<Row> m_rows;
    bool m_loading = false;
    bool m_hasMore = false;
    bool m_active = false;
    qint64 m_othersRead = 0;      // highest read watermark among the other members
    qint64 m_othersDelivered = 0; // highest delivered watermark among the other members
    qint64 m_markedRead = 0;
    QStringList m_typing;
    QTimer m_typingThrottle;
    bool m_typingSent = false;
    int m_generation = 0; // bumps on roomId change: stale answers are dropped
};

} // namespace parley::client
