#pragma once

#include "protocol/Assignment.h"
#include "protocol/Message.h"
#include "protocol/Result.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <optional>
#include <utility>

// Answers of the REST API that are lists or small records around the shared protocol types.
namespace parley::client {

template<typename T>
using Done = std::function<void(Result<T>)>;
using DoneStatus = std::function<void(Status)>;
// Upload/download progress: bytes so far and in total (total is -1 while unknown).
using Progress = std::function<void(qint64 done, qint64 total)>;

// {results: [T], next_cursor}
template<typename T>
struct Page
{
    QList<T> results;
    QString nextCursor; // empty: no more
};

// GET /rooms/{id}/messages/: {results ascending by seq, has_more}
struct MessagePage
{
    QList<Message> messages;
    bool hasMore = false;
};

// POST /rooms/{id}/mark-read/: {read_seq, unread_count}
struct ReadState
{
    qint64 readSeq = 0;
    qint64 unreadCount = 0;
};

// GET /unread-count/: {total, rooms: {room id: n}}
struct UnreadCounts
{
    qint64 total = 0;
    QHash<QString, qint64> rooms;
};

// Filters of GET /rooms/ (absent: not filtered).
struct RoomQuery
{
    std::optional<bool> archived;
    QString status; // "open" | "closed" | empty
    QString kind;
    bool scopeAll = false; // staff: every room
    int limit = 200;
    QString cursor;
};

// History paging: `before` or `after` a seq (neither: the newest page).
struct HistoryQuery
{
    std::optional<qint64> before;
    std::optional<qint64> after;
    int limit = 50;
};

// GET /api/desk/staff/: {results: [StaffState], capacity} (support desk, ui-assign). capacity is
// the auto-assignment capacity per staff member (0 from a server that does not say).
struct DeskStaff
{
    QList<StaffState> staff;
    int capacity = 0;
};

// Wraps a callback so it runs only while `context` is alive: answers that arrive after a model
// or page was destroyed are dropped instead of touching freed memory.
template<typename Arg, typename F>
std::function<void(Arg)> guarded(QObject *context, F &&f)
{
    return [ctx = QPointer<QObject>(context), f = std::forward<F>(f)](Arg arg) mutable {
        if (ctx)
            f(std::move(arg));
    };
}

} // namespace parley::client
