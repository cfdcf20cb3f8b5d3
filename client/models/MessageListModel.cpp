#include "models/MessageListModel.h"

#include "api/ApiClient.h"
#include "api/ApiReply.h"
#include "cache/LocalCache.h"
#include "models/OrderEvent.h"
#include "models/Presentation.h"
#include "models/RoomListModel.h"
#include "realtime/Outbox.h"
#include "realtime/RealtimeClient.h"
#include "session/Session.h"
#include "state/AppState.h"
#include "state/ClientLogging.h"

#include <QFileInfo>
#include <QMimeDatabase>
#include <QNetworkReply>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace parley::client {

namespace {
constexpr int kPageSize = 50;
constexpr int kTypingRepeatMs = 3000;
} // namespace

MessageListModel::MessageListModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_typingThrottle.setSingleShot(true);
    m_typingThrottle.setInterval(kTypingRepeatMs);
    // closedSeq follows the rows (the closing notice arrives) and the room (closed, reopened).
    connect(this, &MessageListModel::countChanged, this, &MessageListModel::closedSeqChanged);
    connect(this, &MessageListModel::roomChanged, this, &MessageListModel::closedSeqChanged);
    connectState();
}

MessageListModel::~MessageListModel()
{
    for (const auto &row : std::as_const(m_rows)) {
        if (row.upload)
            row.upload->abort();
    }
}

AppState *MessageListModel::state() const
{
    return AppState::instance();
}

QString MessageListModel::selfId() const
{
    return state() ? state()->selfId() : QString();
}

void MessageListModel::connectState()
{
    AppState *s = state();
    if (!s)
        return;
    RealtimeClient *rt = s->realtime();
    connect(rt, &RealtimeClient::messageReceived, this, [this](const Message &m) {
        if (m.roomId != m_roomId)
            return;
        const bool mine = m.sender && m.sender->id == selfId();
        if (m.sender)
            onTyping(*m.sender, false);
        upsertMessage(m);
        Q_EMIT messageAppended(mine);
        maybeMarkRead();
    });
    connect(rt, &RealtimeClient::messageUpdated, this, [this](const Message &m) {
        if (m.roomId == m_roomId && rowOfSeq(m.seq) >= 0)
            upsertMessage(m);
    });
    connect(rt, &RealtimeClient::messageDeleted, this, [this](const Message &m) {
        if (m.roomId == m_roomId && rowOfSeq(m.seq) >= 0)
            upsertMessage(m);
    });
    connect(rt, &RealtimeClient::receipt, this,
            [this](const QString &roomId, const QString &userId, bool read, qint64 seq) {
                if (roomId == m_roomId)
                    applyReceipt(userId, read, seq);
            });
    connect(rt, &RealtimeClient::typing, this,
            [this](const QString &roomId, const User &user, bool isTyping) {
                if (roomId == m_roomId)
                    onTyping(user, isTyping);
            });
    auto roomEvent = [this](const Room &room) {
        if (room.id == m_roomId)
            setRoom(room);
    };
    connect(rt, &RealtimeClient::roomAdded, this, roomEvent);
    connect(rt, &RealtimeClient::roomUpdated, this, roomEvent);
    connect(rt, &RealtimeClient::queueUpdated, this, [this](const Room &room) {
        if (room.id == m_roomId)
            loadRoom(); // the queue view may lack my own fields: fetch mine
    });
    auto memberEvent = [this](const QString &roomId, const User &) {
        if (roomId == m_roomId)
            loadRoom();
    };
    connect(rt, &RealtimeClient::memberJoined, this, memberEvent);
    connect(rt, &RealtimeClient::memberLeft, this, memberEvent);
    // Support desk (ui-assign): the header shows who handles the room.
    connect(rt, &RealtimeClient::roomAssigned, this, [this](const QString &roomId) {
        if (roomId == m_roomId)
            loadRoom();
    });
    connect(rt, &RealtimeClient::stateChanged, this, [this](RealtimeClient::State st) {
        if (st == RealtimeClient::Online && !m_roomId.isEmpty()) {
            loadRoom();
            fetchNewest(); // staff reading a room they are not in get no live events
        }
    });

    Outbox *outbox = s->outbox();
    connect(outbox, &Outbox::enqueued, this, [this](const OutboxItem &item) {
        if (item.roomId == m_roomId)
            insertPending(item);
    });
    connect(outbox, &Outbox::sent, this, [this](const QString &, const Message &m) {
        if (m.roomId == m_roomId)
            upsertMessage(m);
    });
    connect(outbox, &Outbox::failed, this, &MessageListModel::failPending);
    connect(outbox, &Outbox::discarded, this, &MessageListModel::removePending);
    connect(s, &AppState::cacheChanged, this, [this] {
        const QString id = std::exchange(m_roomId, QString());
        setRoomId(id);
    });
}

// Rows

int MessageListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QHash<int, QByteArray> MessageListModel::roleNames() const
{
    return {
        {MessageIdRole, "messageId"},
        {ClientIdRole, "clientId"},
        {SeqRole, "seq"},
        {TypeRole, "type"},
        {ContentRole, "content"},
        {SenderIdRole, "senderId"},
        {SenderNameRole, "senderName"},
        {SenderRoleRole, "senderRole"},
        {IsMineRole, "isMine"},
        {IsSystemRole, "isSystem"},
        {ShowSenderRole, "showSender"},
        {CreatedAtRole, "createdAt"},
        {DayRole, "day"},
        {EditedRole, "edited"},
        {EditedAtRole, "editedAt"},
        {DeletedRole, "deleted"},
        {DeliveryStateRole, "deliveryState"},
        {ErrorTextRole, "errorText"},
        {ReplyToIdRole, "replyToId"},
        {ReplyToSenderRole, "replyToSender"},
        {ReplyToPreviewRole, "replyToPreview"},
        {LatitudeRole, "latitude"},
        {LongitudeRole, "longitude"},
        {AttachmentIdRole, "attachmentId"},
        {AttachmentNameRole, "attachmentName"},
        {AttachmentMimeRole, "attachmentMime"},
        {AttachmentSizeRole, "attachmentSize"},
        {AttachmentUrlRole, "attachmentUrl"},
        {ThumbnailUrlRole, "thumbnailUrl"},
        {ImageWidthRole, "imageWidth"},
        {ImageHeightRole, "imageHeight"},
        {LocalFileRole, "localFile"},
        {UploadProgressRole, "uploadProgress"},
        {OrderEventRole, "orderEvent"},
    };
}

QVariant MessageListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    return roleData(index.row(), role);
}

MessageListModel::DeliveryState MessageListModel::deliveryState(const Row &row) const
{
    const Message &m = row.message;
    const bool mine = row.pending || (m.sender && m.sender->id == selfId());
    if (!mine)
        return NotMine;
    if (row.error)
        return Failed;
    if (row.pending)
        return Pending;
    if (m.seq <= m_othersRead)
        return Read;
    if (m.seq <= m_othersDelivered)
        return Delivered;
    return Sent;
}

QVariant MessageListModel::roleData(int row, int role) const
{
    const Row &r = m_rows.at(row);
    const Message &m = r.message;
    const auto &a = m.attachment;
    auto quoted = [&]() -> std::optional<Message> {
        if (m.replyTo.isEmpty())
            return std::nullopt;
        for (const auto &other : m_rows) {
            if (other.message.id == m.replyTo)
                return other.message;
        }
        if (state() && state()->cache())
            return state()->cache()->message(m.replyTo);
        return std::nullopt;
    };
    switch (role) {
    case MessageIdRole:
        return m.id;
    case ClientIdRole:
        return m.clientId;
    case SeqRole:
        return m.seq;
    case TypeRole:
        return messageTypeName(m.type);
    case Qt::DisplayRole:
    case ContentRole:
        return m.content;
    case SenderIdRole:
        return m.sender ? m.sender->id : QString();
    case SenderNameRole:
        return m.sender ? m.sender->displayName : QString();
    case SenderRoleRole:
        return m.sender ? roleName(m.sender->role) : QString();
    case IsMineRole:
        return r.pending || (m.sender && m.sender->id == selfId());
    case IsSystemRole:
        return m.type == MessageType::System;
    case ShowSenderRole: {
        if (row == 0)
            return true;
        const Message &prev = m_rows.at(row - 1).message;
        const QString prevSender = prev.sender ? prev.sender->id : QString();
        const QString sender = m.sender ? m.sender->id : QString();
        return prevSender != sender || prev.type == MessageType::System ||
               prev.createdAt.date() != m.createdAt.date();
    }
    case CreatedAtRole:
        return m.createdAt;
    case DayRole:
        return m.createdAt.toLocalTime().date().toString(Qt::ISODate);
    case EditedRole:
        return m.editedAt.isValid();
    case EditedAtRole:
        return m.editedAt;
    case DeletedRole:
        return m.deleted;
    case DeliveryStateRole:
        return deliveryState(r);
    case ErrorTextRole:
        return r.error ? reply::describe(*r.error) : QString();
    case ReplyToIdRole:
        return m.replyTo;
    case ReplyToSenderRole: {
        const auto q = quoted();
        return q && q->sender ? q->sender->displayName : QString();
    }
    case ReplyToPreviewRole: {
        const auto q = quoted();
        return q ? present::messagePreview(*q) : QString();
    }
    case LatitudeRole:
        return m.metadata.value(u"lat"_s).toDouble();
    case LongitudeRole:
        return m.metadata.value(u"lng"_s).toDouble();
    case AttachmentIdRole:
        return a ? a->id : QString();
    case AttachmentNameRole:
        return a ? a->name : (r.localFile.isValid() ? r.localFile.fileName() : QString());
    case AttachmentMimeRole:
        return a ? a->mime : QString();
    case AttachmentSizeRole:
        return a ? a->size : qint64(0);
    case AttachmentUrlRole:
        return a && state() ? state()->fileUrl(a->url) : QUrl();
    case ThumbnailUrlRole:
        return a && state() ? state()->fileUrl(a->thumbnailUrl) : QUrl();
    case ImageWidthRole:
        return a ? a->width.value_or(0) : 0;
    case ImageHeightRole:
        return a ? a->height.value_or(0) : 0;
    case LocalFileRole:
        return r.localFile;
    case UploadProgressRole:
        return r.uploadProgress;
    case OrderEventRole:
        return present::orderEvent(m);
    default:
        return {};
    }
}

QVariantMap MessageListModel::get(int row) const
{
    return present::rowMap(this, row);
}

int MessageListModel::rowOfSeq(qint64 seq) const
{
    if (seq <= 0)
        return -1;
    for (int i = firstPendingRow() - 1; i >= 0; --i) {
        if (m_rows.at(i).message.seq == seq)
            return i;
        if (m_rows.at(i).message.seq < seq)
            break;
    }
    return -1;
}

int MessageListModel::rowOfClientId(const QString &clientId) const
{
    if (clientId.isEmpty())
        return -1;
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        if (m_rows.at(i).pending && m_rows.at(i).message.clientId == clientId)
            return i;
    }
    return -1;
}

int MessageListModel::indexOfMessage(const QString &idOrClientId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        const Message &m = m_rows.at(i).message;
        if ((!m.id.isEmpty() && m.id == idOrClientId) ||
            (!m.clientId.isEmpty() && m.clientId == idOrClientId))
            return i;
    }
    return -1;
}

int MessageListModel::firstPendingRow() const
{
    int i = int(m_rows.size());
    while (i > 0 && m_rows.at(i - 1).pending)
        --i;
    return i;
}

void MessageListModel::changedRows(int first, int last)
{
    if (first > last || first < 0 || last >= m_rows.size())
        return;
    Q_EMIT dataChanged(index(first), index(last));
}

// Room

void MessageListModel::setRoomId(const QString &roomId)
{
    if (roomId == m_roomId)
        return;
    ++m_generation;
    for (const auto &row : std::as_const(m_rows)) {
        if (row.upload)
            row.upload->abort();
    }
    beginResetModel();
    m_roomId = roomId;
    m_rows.clear();
    m_room.reset();
    m_othersRead = m_othersDelivered = m_markedRead = 0;
    m_typing.clear();
    m_typingSent = false;
    showCached();
    endResetModel();
    Q_EMIT roomIdChanged();
    Q_EMIT countChanged();
    Q_EMIT typingTextChanged();
    setHasMore(!m_rows.isEmpty() && m_rows.first().message.seq > 1);
    if (state() && !roomId.isEmpty())
        setRoom(state()->rooms()->room(roomId));
    else
        Q_EMIT roomChanged();
    reload();
}

void MessageListModel::showCached()
{
    AppState *s = state();
    if (!s || m_roomId.isEmpty())
        return;
    if (s->cache()) {
        for (const auto &m : s->cache()->messages(m_roomId, kPageSize))
            m_rows.append(Row{m, false, std::nullopt, {}, -1, {}});
    }
    for (const auto &item : s->outbox()->items(m_roomId))
        m_rows.append(Row{item.asMessage(), true, item.error, {}, -1, {}});
}

void MessageListModel::reload()
{
    if (m_roomId.isEmpty() || !state())
        return;
    loadRoom();
    fetchNewest();
}

void MessageListModel::loadRoom()
{
    const int generation = m_generation;
    state()->api()->room(m_roomId, guarded<Result<Room>>(this, [this, generation](Result<Room> r) {
                             if (generation != m_generation)
                                 return;
                             if (r)
                                 setRoom(*r);
                             else if (r.error().code != ErrorCode::Unavailable)
                                 Q_EMIT errorOccurred(reply::describe(r.error()));
                         }));
}

void MessageListModel::setRoom(const std::optional<Room> &room)
{
    m_room = room;
    m_othersRead = m_othersDelivered = 0;
    if (m_room) {
        const QString self = selfId();
        for (const auto &member : m_room->members) {
            if (member.user.id == self)
                continue;
            m_othersRead = std::max(m_othersRead, member.readSeq);
            m_othersDelivered = std::max({m_othersDelivered, member.deliveredSeq, member.readSeq});
        }
    }
    Q_EMIT roomChanged();
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1), {DeliveryStateRole});
    maybeMarkRead();
}

QVariantMap MessageListModel::room() const
{
    return m_room ? present::roomMap(*m_room, selfId()) : QVariantMap();
}

bool MessageListModel::isMember() const
{
    if (!m_room)
        return false;
    const QString self = selfId();
    return std::any_of(m_room->members.cbegin(), m_room->members.cend(),
                       [&](const Member &m) { return m.user.id == self; });
}

qint64 MessageListModel::closedSeq() const
{
    if (!m_room || m_room->status != RoomStatus::Closed)
        return 0;
    for (auto it = m_rows.crbegin(); it != m_rows.crend(); ++it) {
        const Message &m = it->message;
        if (m.type == MessageType::System && m.metadata.value(u"event"_s).toString() == u"closed"_s)
            return m.seq;
    }
    return 0;
}

bool MessageListModel::canSend() const
{
    return isMember() && m_room->status == RoomStatus::Open;
}

void MessageListModel::setLoading(bool loading)
{
    if (m_loading == loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged();
}

void MessageListModel::setHasMore(bool hasMore)
{
    if (m_hasMore == hasMore)
        return;
    m_hasMore = hasMore;
    Q_EMIT hasMoreChanged();
}

void MessageListModel::setActive(bool active)
{
    if (m_active == active)
        return;
    m_active = active;
    Q_EMIT activeChanged();
    maybeMarkRead();
}

// Loading

void MessageListModel::fetchNewest()
{
    const int generation = m_generation;
    setLoading(true);
    state()->api()->history(
        m_roomId, HistoryQuery{std::nullopt, std::nullopt, kPageSize},
        guarded<Result<MessagePage>>(this, [this, generation](Result<MessagePage> page) {
            if (generation != m_generation)
                return;
            setLoading(false);
            if (!page) {
                if (page.error().code != ErrorCode::Unavailable)
                    Q_EMIT errorOccurred(reply::describe(page.error()));
                return;
            }
            if (state()->cache() && isMember())
                state()->cache()->storeMessages(page->messages);
            mergeMessages(page->messages);
            maybeMarkRead();
        }));
}

void MessageListModel::mergeMessages(const QList<Message> &messages)
{
    if (messages.isEmpty())
        return;
    // Rows older than a gap (a stale cache) go: the list stays contiguous.
    const int stored = firstPendingRow();
    if (stored > 0 && m_rows.at(stored - 1).message.seq + 1 < messages.first().seq) {
        beginRemoveRows({}, 0, stored - 1);
        m_rows.remove(0, stored);
        endRemoveRows();
        Q_EMIT countChanged();
    }
    for (const auto &m : messages)
        upsertMessage(m);
    setHasMore(firstPendingRow() > 0 && m_rows.at(0).message.seq > 1);
}

void MessageListModel::loadOlder()
{
    if (m_loading || !m_hasMore || m_rows.isEmpty())
        return;
    const qint64 oldest = m_rows.first().message.seq;
    const int generation = m_generation;
    setLoading(true);
    auto prepend = [this](QList<Message> older) {
        const qint64 oldestNow = m_rows.isEmpty() ? 0 : m_rows.first().message.seq;
        older.removeIf([&](const Message &m) { return oldestNow > 0 && m.seq >= oldestNow; });
        if (!older.isEmpty()) {
            beginInsertRows({}, 0, int(older.size()) - 1);
            for (qsizetype i = older.size() - 1; i >= 0; --i)
                m_rows.prepend(Row{older.at(i), false, std::nullopt, {}, -1, {}});
            endInsertRows();
            Q_EMIT countChanged();
            changedRows(int(older.size()), int(older.size())); // its showSender may change
        }
        setHasMore(!m_rows.isEmpty() && m_rows.first().message.seq > 1);
        Q_EMIT olderLoaded(int(older.size()));
    };
    state()->api()->history(m_roomId, HistoryQuery{oldest, std::nullopt, kPageSize},
                            guarded<Result<MessagePage>>(this, [this, generation, oldest,
                                                                prepend](Result<MessagePage> page) {
                                if (generation != m_generation)
                                    return;
                                setLoading(false);
                                if (page)
                                    return prepend(page->messages);
                                // Offline: what the cache has.
                                const auto cached =
                                    state()->cache()
                                        ? state()->cache()->messages(m_roomId, kPageSize, oldest)
                                        : QList<Message>();
                                if (!cached.isEmpty())
                                    return prepend(cached);
                                Q_EMIT errorOccurred(reply::describe(page.error()));
                            }));
}

void MessageListModel::upsertMessage(const Message &m)
{
    if (m.roomId != m_roomId)
        return;
    const int seqRow = rowOfSeq(m.seq);
    const int pendingRow = m.clientId.isEmpty() ? -1 : rowOfClientId(m.clientId);
    if (seqRow >= 0) {
        m_rows[seqRow].message = m;
        changedRows(seqRow, seqRow);
        if (pendingRow >= 0)
            removePending(m.clientId);
        return;
    }
    // Sorted position among the stored rows (new messages are nearly always last).
    int pos = firstPendingRow();
    while (pos > 0 && m_rows.at(pos - 1).message.seq > m.seq)
        --pos;
    if (pendingRow >= 0 && pendingRow == pos) {
        // My pending row becomes the stored message in place.
        Row &row = m_rows[pendingRow];
        row = Row{m, false, std::nullopt, {}, -1, {}};
        changedRows(pendingRow, pendingRow);
        return;
    }
    if (pendingRow >= 0)
        removePending(m.clientId);
    beginInsertRows({}, pos, pos);
    m_rows.insert(pos, Row{m, false, std::nullopt, {}, -1, {}});
    endInsertRows();
    Q_EMIT countChanged();
    changedRows(pos + 1, pos + 1);
    if (pos == 0)
        setHasMore(m.seq > 1);
}

// Pending rows

void MessageListModel::insertPending(const OutboxItem &item)
{
    const int existing = rowOfClientId(item.clientId());
    if (existing >= 0) {
        // An upload that finished: the row now waits for the server like any other.
        Row &row = m_rows[existing];
        row.message.type = item.request.type;
        row.message.content = item.request.content;
        row.message.metadata = item.request.metadata;
        row.uploadProgress = -1;
        row.error.reset();
        changedRows(existing, existing);
        return;
    }
    const int pos = int(m_rows.size());
    beginInsertRows({}, pos, pos);
    m_rows.append(Row{item.asMessage(), true, item.error, {}, -1, {}});
    endInsertRows();
    Q_EMIT countChanged();
    Q_EMIT messageAppended(true);
}

void MessageListModel::failPending(const QString &clientId, const Error &error)
{
    const int row = rowOfClientId(clientId);
    if (row < 0)
        return;
    m_rows[row].error = error;
    m_rows[row].uploadProgress = -1;
    changedRows(row, row);
}

void MessageListModel::removePending(const QString &clientId)
{
    const int row = rowOfClientId(clientId);
    if (row < 0)
        return;
    if (m_rows.at(row).upload)
        m_rows.at(row).upload->abort();
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    Q_EMIT countChanged();
}

// Sending

bool MessageListModel::enqueue(SendMessageRequest request)
{
    if (!state() || m_roomId.isEmpty()) {
        Q_EMIT errorOccurred(u"No conversation is open"_s);
        return false;
    }
    if (!canSend()) {
        Q_EMIT errorOccurred(m_room && m_room->status == RoomStatus::Closed
                                 ? u"This conversation is closed"_s
                                 : u"Join the conversation to write in it"_s);
        return false;
    }
    if (request.clientId.isEmpty())
        request.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    // The server's own rules, so a bad message never waits in the outbox.
    auto checked = SendMessageRequest::fromJson(request.toJson());
    if (!checked) {
        Q_EMIT errorOccurred(checked.error().message);
        return false;
    }
    state()->outbox()->enqueue(m_roomId, *checked);
    return true;
}

bool MessageListModel::sendText(const QString &text, const QString &replyToId)
{
    SendMessageRequest req;
    req.type = MessageType::Text;
    req.content = text.trimmed();
    req.replyTo = replyToId;
    return enqueue(req);
}

bool MessageListModel::sendLocation(double latitude, double longitude, const QString &replyToId)
{
    SendMessageRequest req;
    req.type = MessageType::Location;
    req.metadata = {{u"lat"_s, latitude}, {u"lng"_s, longitude}};
    req.replyTo = replyToId;
    return enqueue(req);
}

bool MessageListModel::sendFile(const QUrl &localFile, const QString &replyToId)
{
    const QString path = localFile.isLocalFile() ? localFile.toLocalFile() : localFile.toString();
    if (!QFileInfo(path).isFile()) {
        Q_EMIT errorOccurred(u"Cannot read %1"_s.arg(path));
        return false;
    }
    if (!canSend()) {
        Q_EMIT errorOccurred(u"You cannot write in this conversation"_s);
        return false;
    }
    Message m;
    m.roomId = m_roomId;
    m.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m.type = QMimeDatabase().mimeTypeForFile(path).name().startsWith(u"image/"_s)
                 ? MessageType::Image
                 : MessageType::File;
    m.replyTo = replyToId;
    m.createdAt = QDateTime::currentDateTimeUtc();
    const int pos = int(m_rows.size());
    beginInsertRows({}, pos, pos);
    m_rows.append(Row{m, true, std::nullopt, QUrl::fromLocalFile(path), 0, {}});
    endInsertRows();
    Q_EMIT countChanged();
    Q_EMIT messageAppended(true);
    startUpload(m.clientId, path, replyToId);
    return true;
}

void MessageListModel::startUpload(const QString &clientId, const QString &localPath,
                                   const QString &replyTo)
{
    const QString roomId = m_roomId;
    QNetworkReply *reply = state()->api()->upload(
        localPath,
        guarded<Result<Attachment>>(this,
                                    [this, clientId, roomId, replyTo](Result<Attachment> a) {
                                        if (roomId != m_roomId)
                                            return;
                                        if (!a)
                                            return failPending(clientId, a.error());
                                        SendMessageRequest req;
                                        req.clientId = clientId;
                                        req.type = a->mime.startsWith(u"image/"_s)
                                                       ? MessageType::Image
                                                       : MessageType::File;
                                        req.attachmentId = a->id;
                                        req.replyTo = replyTo;
                                        const int row = rowOfClientId(clientId);
                                        if (row >= 0) {
                                            m_rows[row].message.attachment = *a;
                                            m_rows[row].upload = nullptr;
                                        }
                                        enqueue(req);
                                    }),
        [this, clientId](qint64 sent, qint64 total) {
            const int row = rowOfClientId(clientId);
            if (row < 0 || total <= 0)
                return;
            m_rows[row].uploadProgress = double(sent) / double(total);
            Q_EMIT dataChanged(index(row), index(row), {UploadProgressRole});
        });
    const int row = rowOfClientId(clientId);
    if (row >= 0)
        m_rows[row].upload = reply;
}

void MessageListModel::retry(const QString &clientId)
{
    const int row = rowOfClientId(clientId);
    if (row < 0)
        return;
    Row &r = m_rows[row];
    const bool queued = state()->outbox()->item(clientId).has_value();
    r.error.reset();
    if (!queued && r.localFile.isValid()) {
        r.uploadProgress = 0;
        changedRows(row, row);
        startUpload(clientId, r.localFile.toLocalFile(), r.message.replyTo);
        return;
    }
    changedRows(row, row);
    state()->outbox()->retry(clientId);
}

void MessageListModel::discard(const QString &clientId)
{
    if (state() && state()->outbox()->item(clientId))
        state()->outbox()->discard(clientId); // removes the row through `discarded`
    else
        removePending(clientId);
}

void MessageListModel::editMessage(const QString &messageId, const QString &text)
{
    state()->api()->editMessage(
        messageId, text.trimmed(),
        guarded<Result<Message>>(this, [this](Result<Message> m) { adoptChange(m); }));
}

void MessageListModel::adoptChange(const Result<Message> &changed)
{
    if (!changed)
        return Q_EMIT errorOccurred(reply::describe(changed.error()));
    if (state()->cache())
        state()->cache()->storeMessage(*changed);
    state()->rooms()->applyMessageUpdate(*changed);
    upsertMessage(*changed);
}

void MessageListModel::deleteMessage(const QString &messageId)
{
    state()->api()->deleteMessage(
        messageId, guarded<Result<Message>>(this, [this](Result<Message> m) { adoptChange(m); }));
}

void MessageListModel::reportMessage(const QString &messageId, const QString &reason)
{
    state()->api()->reportMessage(
        messageId, reason.trimmed(), guarded<Status>(this, [this, messageId](Status status) {
            if (!status)
                return Q_EMIT errorOccurred(reply::describe(status.error()));
            Q_EMIT reportSent(messageId);
        }));
}

// Read state and typing

void MessageListModel::maybeMarkRead()
{
    if (m_active)
        markRead();
}

void MessageListModel::markRead()
{
    if (!state() || !isMember())
        return;
    const int stored = firstPendingRow();
    if (stored == 0)
        return;
    const qint64 last = m_rows.at(stored - 1).message.seq;
    if (last <= m_markedRead)
        return;
    const QString roomId = m_roomId;
    if (state()->realtime()->sendRead(roomId, last)) {
        m_markedRead = last;
        const auto listed = state()->rooms()->room(roomId);
        if (listed && last >= listed->lastSeq)
            state()->rooms()->setReadState(roomId, last, 0);
        return;
    }
    m_markedRead = last;
    state()->api()->markRead(
        roomId, last, guarded<Result<ReadState>>(this, [this, roomId](Result<ReadState> s) {
            if (s)
                state()->rooms()->setReadState(roomId, s->readSeq, s->unreadCount);
            else
                m_markedRead = 0; // offline: again when back
        }));
}

void MessageListModel::applyReceipt(const QString &userId, bool read, qint64 upToSeq)
{
    if (userId == selfId())
        return;
    const qint64 oldRead = m_othersRead;
    const qint64 oldDelivered = m_othersDelivered;
    if (read)
        m_othersRead = std::max(m_othersRead, upToSeq);
    m_othersDelivered = std::max(m_othersDelivered, upToSeq);
    if ((oldRead != m_othersRead || oldDelivered != m_othersDelivered) && !m_rows.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1), {DeliveryStateRole});
}

QString MessageListModel::typingText() const
{
    return present::typingText(m_typing);
}

void MessageListModel::onTyping(const User &user, bool isTyping)
{
    if (user.id == selfId())
        return;
    const bool had = m_typing.contains(user.displayName);
    if (had == isTyping)
        return;
    if (isTyping)
        m_typing.append(user.displayName);
    else
        m_typing.removeAll(user.displayName);
    Q_EMIT typingTextChanged();
}

void MessageListModel::setTyping(bool typing)
{
    if (!state() || !isMember())
        return;
    if (typing) {
        if (m_typingSent && m_typingThrottle.isActive())
            return;
        m_typingSent = state()->realtime()->sendTyping(m_roomId, true);
        m_typingThrottle.start();
    } else if (m_typingSent) {
        state()->realtime()->sendTyping(m_roomId, false);
        m_typingSent = false;
        m_typingThrottle.stop();
    }
}

} // namespace parley::client
