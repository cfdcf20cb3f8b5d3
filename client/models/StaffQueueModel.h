#pragma once

#include "protocol/Room.h"

#include <QAbstractListModel>
#include <QList>
#include <QPointer>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace parley::client {

class AppState;

// Staff console lists. scope Active (default): GET /active-rooms/, the waiting queue (oldest
// first) then my own open support rooms; kept live by `queue_updated` and membership events.
// scope AllOpen: every open room (GET /rooms/?scope=all&status=open), refreshed on refresh() and
// on room events.
//
// QML: Parley.staffQueue (Active), or StaffQueueModel { scope: StaffQueueModel.AllOpen }
class StaffQueueModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(Scope scope READ scope WRITE setScope NOTIFY scopeChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    // Rooms in the queue (no staff member yet).
    Q_PROPERTY(int waitingCount READ waitingCount NOTIFY countChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)

public:
    enum Scope { Active, AllOpen };
    Q_ENUM(Scope)

    enum Role {
        RoomIdRole = Qt::UserRole + 1, // "roomId"
        KindRole,                      // "kind": "support" | "order" | "direct" | "group"
        TitleRole,                     // "title": as in RoomListModel
        SubjectRole,                   // "subject"
        OrderRefRole,                  // "orderRef"
        CustomerNameRole,              // "customerName": the customer who asked ("" if none)
        WaitingSinceRole,   // "waitingSince": date it entered the queue; invalid when not waiting
        IsWaitingRole,      // "isWaiting": in the queue (no staff member)
        IsMineRole,         // "isMine": I am a member
        PreviewRole,        // "preview": one line about the last message
        LastActivityRole,   // "lastActivity": date
        UnreadCountRole,    // "unreadCount": mine (0 when not a member)
        StatusRole,         // "status": "open" | "closed"
        SectionRole,        // "section": "Waiting" | "Mine" | "Open" (for ListView sections)
        AssigneeNameRole,   // "assigneeName": who handles it ("" nobody)
        IsAssignedToMeRole, // "isAssignedToMe"
    };
    Q_ENUM(Role)

    explicit StaffQueueModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    Scope scope() const { return m_scope; }
    void setScope(Scope scope);
    int count() const { return int(m_rooms.size()); }
    int waitingCount() const;
    bool isLoading() const { return m_loading; }

    Q_INVOKABLE void refresh();
    // Joins the room (it leaves the queue); Parley.roomOpened(roomId) follows.
    Q_INVOKABLE void join(const QString &roomId);
    Q_INVOKABLE QVariantMap get(int row) const;

    // C++ / tests: the rows' rooms.
    QList<Room> rooms() const { return m_rooms; }

Q_SIGNALS:
    void scopeChanged();
    void countChanged();
    void loadingChanged();

private:
    AppState *state() const;
    void reset(const QList<Room> &rooms);
    void onQueueUpdated(const Room &room);
    void onRoomChanged(const Room &room);
    void removeRoom(const QString &roomId);
    void setAssignee(const QString &roomId, const User &assignee); // empty id: nobody
    void setLoading(bool loading);
    bool belongs(const Room &room) const;
    bool isMine(const Room &room) const;
    int sortedRow(const Room &room) const;
    void place(const Room &room);

    QPointer<AppState> m_state;
    QList<Room> m_rooms;
    Scope m_scope = Active;
    bool m_loading = false;
    int m_generation = 0;
};

} // namespace parley::client
