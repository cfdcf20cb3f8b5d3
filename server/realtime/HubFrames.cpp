// Client frames of /ws: what the hub does with send, typing, read/delivered and resume.
#include "realtime/Hub.h"

#include "protocol/JsonFields.h"
#include "realtime/Connection.h"
#include "realtime/HubDetail.h"
#include "service/ChatService.h"
#include "storage/Storage.h"

#include <QElapsedTimer>

#include <utility>

namespace parley::realtime {

using events::Event;
using namespace detail;

void Hub::handleFrame(Connection &c, const QString &ref, const ws::ClientFrame &frame)
{
    std::visit(
        [&](const auto &f) {
            using F = std::decay_t<decltype(f)>;
            if constexpr (std::is_same_v<F, ws::SendFrame>)
                handleSend(c, ref, f);
            else if constexpr (std::is_same_v<F, ws::TypingFrame>)
                handleTyping(c, ref, f);
            else if constexpr (std::is_same_v<F, ws::ReceiptFrame>)
                handleReceipt(c, ref, f);
            else if constexpr (std::is_same_v<F, ws::ResumeFrame>)
                handleResume(c, ref, f);
            else
                c.send(ws::frame(ws::type::Pong, {}, ref));
        },
        frame);
}

void Hub::handleSend(Connection &c, const QString &ref, const ws::SendFrame &frame)
{
    // Group commit: sends that arrive in one pass of the event loop are stored in one
    // transaction, and each is acked once that transaction committed.
    if (m_sends.isEmpty())
        QMetaObject::invokeMethod(this, &Hub::flushSends, Qt::QueuedConnection);
    m_sends.append({&c, ref, frame, m_clock.nsecsElapsed()});
    if (!m_settings.groupCommit)
        flushSends();
}

void Hub::flushSends()
{
    QList<PendingSend> sends;
    sends.swap(m_sends);
    if (sends.isEmpty())
        return;
    const qint64 commitStartNs = m_clock.nsecsElapsed();
    QList<std::optional<Result<storage::AppendResult>>> results(sends.size());
    QList<service::ChatService::SendOf> batch;
    QList<qsizetype> sendOfBatch;
    for (qsizetype i = 0; i < sends.size(); ++i) {
        const PendingSend &send = sends.at(i);
        if (!send.connection)
            continue; // the sender left before its turn: its frame is dropped unacked
        batch.append({&send.connection->user(), &send.frame.roomId, &send.frame.message,
                      send.connection->sessionId()});
        sendOfBatch.append(i);
    }
    m_flushing = true;
    const Status committed = m_chat.batch([&]() -> Status {
        const auto answers = m_chat.sendAll(batch);
        for (qsizetype j = 0; j < answers.size(); ++j)
            results[sendOfBatch.at(j)] = answers.at(j);
        return {};
    });
    m_flushing = false;
    if (m_commitObserver)
        m_commitObserver(double(m_clock.nsecsElapsed() - commitStartNs) / 1e9, sends.size());
    for (qsizetype i = 0; i < sends.size(); ++i) {
        const PendingSend &send = sends.at(i);
        if (!send.connection || !results.at(i))
            continue;
        const auto &result = *results.at(i);
        if (!committed) {
            send.connection->sendError(committed.error(), send.ref);
        } else if (!result) {
            send.connection->sendError(result.error(), send.ref);
        } else {
            const auto stored = m_storedJson.constFind(result->message.id);
            send.connection->sendFrame(frameWithMessage(
                ws::type::Ack,
                stored != m_storedJson.cend() ? *stored : result->message.toJsonBytes(), send.ref,
                send.frame.message.clientId));
            if (m_sendObserver)
                m_sendObserver(double(m_clock.nsecsElapsed() - send.startNs) / 1e9);
        }
    }
    m_storedJson.clear();
    const QList<CommittedMessage> committedMessages = std::exchange(m_committed, {});
    for (const CommittedMessage &stored : committedMessages)
        deliverMessage(*stored.message, stored.messageJson,
                       sessionOf(stored.senderId, stored.origin));
}

void Hub::handleTyping(Connection &c, const QString &ref, const ws::TypingFrame &frame)
{
    if (!members(frame.roomId).contains(c.user().id)) {
        c.sendError(Error::notFound(QStringLiteral("No such room")), ref);
        return;
    }
    setTyping(c.user(), frame.roomId, frame.isTyping);
    if (!ref.isEmpty())
        c.send(ws::frame(ws::type::Ack, {}, ref));
}

void Hub::compatTyping(const User &user, const QString &roomId, bool typing)
{
    if (members(roomId).contains(user.id))
        setTyping(user, roomId, typing);
}

void Hub::setTyping(const User &user, const QString &roomId, bool typing)
{
    const QString key = roomId + u'/' + user.id;
    QTimer *timer = m_typingTimers.value(key);
    if (typing && timer) {
        timer->start(m_settings.typingExpiryMs); // still typing: only the expiry moves
        return;
    }
    if (!typing && !timer)
        return; // nothing to end
    if (typing) {
        timer = new QTimer(this);
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, this,
                [this, user, roomId] { setTyping(user, roomId, false); });
        m_typingTimers.insert(key, timer);
        timer->start(m_settings.typingExpiryMs);
    } else {
        m_typingTimers.remove(key);
        timer->deleteLater();
    }
    m_bus.publish({Event::Kind::Typing,
                   roomId,
                   user.id,
                   {{QStringLiteral("user"), user.toJson()}, {QStringLiteral("is_typing"), typing}},
                   {}});
}

void Hub::handleReceipt(Connection &c, const QString &ref, const ws::ReceiptFrame &frame)
{
    service::ChatService::OriginScope origin(m_chat, c.sessionId());
    auto state = frame.read ? m_chat.markRead(c.user(), frame.roomId, frame.upToSeq)
                            : m_chat.markDelivered(c.user(), frame.roomId, frame.upToSeq);
    if (!state) {
        c.sendError(state.error(), ref);
        return;
    }
    if (!ref.isEmpty()) {
        c.send(ws::frame(ws::type::Ack,
                         {{QStringLiteral("room_id"), frame.roomId},
                          {QStringLiteral("read_seq"), state->readSeq},
                          {QStringLiteral("unread_count"), state->unreadCount}},
                         ref));
    }
}

void Hub::handleResume(Connection &c, const QString &ref, const ws::ResumeFrame &frame)
{
    auto rooms = m_storage.rooms().listForMember(c.user().id, {}, std::nullopt, 100000);
    if (!rooms) {
        c.sendError(rooms.error(), ref);
        return;
    }
    QJsonObject lastSeqs;
    bool complete = true;
    QSet<QString> seen;
    for (const storage::RoomRecord &room : std::as_const(*rooms)) {
        seen.insert(room.id);
        lastSeqs.insert(room.id, room.lastSeq);
        std::optional<qint64> cursor;
        if (frame.cursors.contains(room.id))
            cursor = frame.cursors.value(room.id);
        else if (frame.full)
            cursor = 0;
        if (!cursor) {
            auto view = m_chat.view(room, c.user().id);
            if (view)
                c.send(ws::frame(ws::type::RoomAdded, {{QStringLiteral("room"), view->toJson()}}));
            continue;
        }
        if (*cursor >= room.lastSeq)
            continue;
        auto page =
            m_storage.messages().page(room.id, std::nullopt, *cursor, m_settings.resumeLimit);
        if (!page) {
            c.sendError(page.error(), ref);
            return;
        }
        for (const Message &message : std::as_const(page->messages))
            c.sendFrame(frameWithMessage(ws::type::Message, message.toJsonBytes()));
        if (page->hasMore)
            complete = false;
    }
    // Rooms the client remembers but is no longer in.
    for (auto it = frame.cursors.cbegin(); it != frame.cursors.cend(); ++it) {
        if (!seen.contains(it.key()))
            c.send(ws::frame(ws::type::RoomRemoved, {{QStringLiteral("room_id"), it.key()}}));
    }
    c.send(ws::frame(ws::type::Resumed,
                     {{QStringLiteral("rooms"), lastSeqs}, {QStringLiteral("complete"), complete}},
                     ref));
}

} // namespace parley::realtime
