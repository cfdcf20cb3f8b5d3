#pragma once

#include "protocol/Message.h"
#include "protocol/Room.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

#include <optional>

namespace parley::client {

// The user's rooms, newest activity first (last message, else creation). Holds every room the
// user is a member of; the rows are the unarchived ones, or the archived ones when showArchived.
// Fed by AppState from the cache, REST and the socket.
//
// QML: Parley.rooms
class RoomListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use Parley.rooms")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    // false: rows are the rooms not archived; true: only the archived ones.
    Q_PROPERTY(bool showArchived READ showArchived WRITE setShowArchived NOTIFY showArchivedChanged)
    // Unread messages over every room that is not muted (archived included).
    Q_PROPERTY(int totalUnread READ totalUnread NOTIFY totalUnreadChanged)

public:
    enum Role {
        RoomIdRole = Qt::UserRole + 1, // "roomId": "CHAT2026..."
        KindRole,                      // "kind": "support" | "order" | "direct" | "group"
        TitleRole,        // "title": subject, else "Order <ref>", else the other members' names
        SubjectRole,      // "subject": as set at creation ("" when none)
        OrderRefRole,     // "orderRef": "" unless an order room
        StatusRole,       // "status": "open" | "closed"
        ClosedRole,       // "closed": bool
        LastActivityRole, // "lastActivity": date of the last message (else creation)
        LastSeqRole,      // "lastSeq": seq of the newest message
        UnreadCountRole,  // "unreadCount": messages after my read watermark
        PreviewRole, // "preview": one line about the last message ("Photo", "File: a.pdf", text)
        PreviewSenderRole, // "previewSender": "You", a display name, or "" (system / none)
        TypingRole,        // "typingText": "Alex is typing…", "Alex and Sam are typing…" or ""
        MutedRole,         // "muted": bool, my setting
        ArchivedRole,      // "archived": bool, my setting
        WaitingSinceRole,  // "waitingSince": date it entered the staff queue, invalid when not
                           // waiting
        MemberCountRole,   // "memberCount": int
        CustomerNameRole,  // "customerName": display name of the first customer member ("" if none)
        PendingCountRole,  // "pendingCount": my messages in this room not yet sent (outbox)
    };
    Q_ENUM(Role)

    explicit RoomListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_rows.size()); }
    bool showArchived() const { return m_showArchived; }
    void setShowArchived(bool show);
    int totalUnread() const;

    // Row of a room among the visible rows, -1 when not shown.
    Q_INVOKABLE int indexOf(const QString &roomId) const;
    // Every role of one room by name (also archived ones), {} when unknown.
    Q_INVOKABLE QVariantMap get(const QString &roomId) const;

    // C++ side (AppState)
    void setSelfId(const QString &userId) { m_selfId = userId; }
    void resetRooms(const QList<Room> &rooms);
    void upsert(const Room &room);
    void remove(const QString &roomId);
    void clear() { resetRooms({}); }
    // A message arrived (or was acked) in a room: last message, seq, unread.
    void applyMessage(const Message &message, bool countsAsUnread);
    void applyMessageUpdate(const Message &message);
    void setReadState(const QString &roomId, qint64 readSeq, qint64 unreadCount);
    void setTyping(const QString &roomId, const User &user, bool isTyping);
    void setPendingCount(const QString &roomId, int pending);
    std::optional<Room> room(const QString &roomId) const;
    QList<Room> rooms() const;
    QString title(const QString &roomId) const;

Q_SIGNALS:
    void countChanged();
    void showArchivedChanged();
    void totalUnreadChanged();
    // A room changed (any field); AppState re-caches it.
    void roomChanged(const parley::Room &room);

private:
    struct Entry
    {
        Room room;
        QStringList typing; // display names
        int pending = 0;
    };
    bool visible(const Entry &e) const { return e.room.archived == m_showArchived; }
    void place(const QString &roomId); // (re)positions one room's row after a change
    int sortedRow(const Entry &e, const QString &skipId) const;
    void rebuildRows();
    QVariant roleData(const Entry &e, int role) const;
    bool lessRecent(const Entry &a, const Entry &b) const;
    void notifyRow(const QString &roomId);

    QHash<QString, Entry> m_entries;
    QStringList m_rows; // visible room ids in display order
    QString m_selfId;
    bool m_showArchived = false;
    int m_lastTotalUnread = 0;
};

} // namespace parley::client
