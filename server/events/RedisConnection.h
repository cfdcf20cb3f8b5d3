#pragma once

#include <QByteArray>
#include <QByteArrayList>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>
#include <optional>

struct redisAsyncContext;

namespace parley::events {

// A Redis reply, copied out of hiredis.
struct RedisReply
{
    enum class Type { Nil, Error, Status, String, Integer, Array };
    Type type = Type::Nil;
    QByteArray text; // Error, Status, String
    qint64 integer = 0;
    QList<RedisReply> elements;

    bool isError() const { return type == Type::Error; }
};

// One asynchronous hiredis connection driven by the Qt event loop (hiredis's Qt adapter). Commands
// are pipelined; their handlers run in order. When the connection ends, pending handlers get
// std::nullopt, then `onDown` runs once (from the event loop, never inside a handler). It does not
// reconnect by itself: RedisEventBus decides when to open a new one.
class RedisConnection
{
public:
    using ReplyHandler = std::function<void(const std::optional<RedisReply> &)>;

    RedisConnection(std::function<void()> onUp, std::function<void(const QString &)> onDown);
    ~RedisConnection();
    RedisConnection(const RedisConnection &) = delete;
    RedisConnection &operator=(const RedisConnection &) = delete;

    // Starts connecting (gives up after connectTimeoutMs). onUp or onDown follows.
    void open(const QString &host, quint16 port, int connectTimeoutMs);
    // Ends the connection without calling any handler or onDown.
    void close();
    bool isUp() const { return m_up; }

    // Queues a command; false (and no handler call) when the connection is not up.
    bool command(const QByteArrayList &args, ReplyHandler handler = {});
    // SUBSCRIBE: `onMessage` gets the payload of every message on `channel`; `onSubscribed`
    // runs once Redis confirmed the subscription.
    bool subscribe(const QByteArray &channel, std::function<void(const QByteArray &)> onMessage,
                   std::function<void()> onSubscribed);

private:
    static void connectCallback(const redisAsyncContext *context, int status);
    static void disconnectCallback(const redisAsyncContext *context, int status);
    static void replyCallback(redisAsyncContext *context, void *reply, void *privdata);
    static void subscribeCallback(redisAsyncContext *context, void *reply, void *privdata);
    // The context is being freed by hiredis: let go of it and report `why` later.
    void lost(const QString &why);

    std::function<void()> m_onUp;
    std::function<void(const QString &)> m_onDown;
    std::function<void(const QByteArray &)> m_onMessage;
    std::function<void()> m_onSubscribed;
    redisAsyncContext *m_context = nullptr;
    QObject *m_binding = nullptr;
    QObject m_guard; // queued calls die with the connection
    QTimer m_connectTimer;
    bool m_up = false;
    bool m_silent = false; // closing: pending handlers are dropped
};

} // namespace parley::events
