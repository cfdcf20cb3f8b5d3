#include "events/RedisConnection.h"

#include "redisqt/RedisQtBinding.h"

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <vector>

namespace parley::events {
namespace {

struct PendingCall
{
    RedisConnection *connection;
    RedisConnection::ReplyHandler handler;
    const bool *silent;
};

RedisReply copyReply(const redisReply *reply)
{
    RedisReply out;
    switch (reply->type) {
    case REDIS_REPLY_STRING:
        out.type = RedisReply::Type::String;
        out.text = QByteArray(reply->str, qsizetype(reply->len));
        break;
    case REDIS_REPLY_STATUS:
        out.type = RedisReply::Type::Status;
        out.text = QByteArray(reply->str, qsizetype(reply->len));
        break;
    case REDIS_REPLY_ERROR:
        out.type = RedisReply::Type::Error;
        out.text = QByteArray(reply->str, qsizetype(reply->len));
        break;
    case REDIS_REPLY_INTEGER:
        out.type = RedisReply::Type::Integer;
        out.integer = reply->integer;
        break;
    case REDIS_REPLY_ARRAY:
        out.type = RedisReply::Type::Array;
        out.elements.reserve(qsizetype(reply->elements));
        for (size_t i = 0; i < reply->elements; ++i)
            out.elements.append(copyReply(reply->element[i]));
        break;
    default:
        break;
    }
    return out;
}

} // namespace

RedisConnection::RedisConnection(std::function<void()> onUp,
                                 std::function<void(const QString &)> onDown)
    : m_onUp(std::move(onUp))
    , m_onDown(std::move(onDown))
{
    m_connectTimer.setSingleShot(true);
    QObject::connect(&m_connectTimer, &QTimer::timeout, &m_guard, [this] {
        close();
        m_onDown(QStringLiteral("connect timed out"));
    });
}

RedisConnection::~RedisConnection()
{
    close();
}

void RedisConnection::open(const QString &host, quint16 port, int connectTimeoutMs)
{
    close();
    m_silent = false;
    redisAsyncContext *context = redisAsyncConnect(host.toUtf8().constData(), port);
    if (!context || context->err) {
        const QString why =
            context ? QString::fromUtf8(context->errstr) : QStringLiteral("out of memory");
        if (context)
            redisAsyncFree(context);
        QMetaObject::invokeMethod(
            &m_guard, [this, why] { m_onDown(why); }, Qt::QueuedConnection);
        return;
    }
    context->data = this;
    m_context = context;
    m_binding = redisqt::attach(context);
    redisAsyncSetConnectCallback(context, &RedisConnection::connectCallback);
    redisAsyncSetDisconnectCallback(context, &RedisConnection::disconnectCallback);
    m_connectTimer.start(connectTimeoutMs);
}

void RedisConnection::close()
{
    m_connectTimer.stop();
    m_up = false;
    if (!m_context)
        return;
    redisAsyncContext *context = m_context;
    m_context = nullptr;
    m_silent = true;
    context->onDisconnect = nullptr;
    context->onConnect = nullptr;
    // Freeing runs the adapter's cleanup (its socket notifiers go); only then is it unhooked.
    redisAsyncFree(context);
    redisqt::detach(m_binding);
    m_binding = nullptr;
}

bool RedisConnection::command(const QByteArrayList &args, ReplyHandler handler)
{
    if (!m_up || !m_context)
        return false;
    std::vector<const char *> argv;
    std::vector<size_t> lengths;
    argv.reserve(size_t(args.size()));
    lengths.reserve(size_t(args.size()));
    for (const QByteArray &arg : args) {
        argv.push_back(arg.constData());
        lengths.push_back(size_t(arg.size()));
    }
    auto *call = new PendingCall{this, std::move(handler), &m_silent};
    if (redisAsyncCommandArgv(m_context, &RedisConnection::replyCallback, call, int(argv.size()),
                              argv.data(), lengths.data()) != REDIS_OK) {
        delete call;
        return false;
    }
    return true;
}

bool RedisConnection::subscribe(const QByteArray &channel,
                                std::function<void(const QByteArray &)> onMessage,
                                std::function<void()> onSubscribed)
{
    if (!m_up || !m_context)
        return false;
    m_onMessage = std::move(onMessage);
    m_onSubscribed = std::move(onSubscribed);
    const char *argv[] = {"SUBSCRIBE", channel.constData()};
    const size_t lengths[] = {9, size_t(channel.size())};
    return redisAsyncCommandArgv(m_context, &RedisConnection::subscribeCallback, this, 2, argv,
                                 lengths) == REDIS_OK;
}

void RedisConnection::connectCallback(const redisAsyncContext *context, int status)
{
    auto *self = static_cast<RedisConnection *>(context->data);
    if (!self)
        return;
    self->m_connectTimer.stop();
    if (status != REDIS_OK) {
        // hiredis frees the context right after this callback.
        self->lost(QString::fromUtf8(context->errstr));
        return;
    }
    self->m_up = true;
    QMetaObject::invokeMethod(
        &self->m_guard, [self] { self->m_onUp(); }, Qt::QueuedConnection);
}

void RedisConnection::disconnectCallback(const redisAsyncContext *context, int status)
{
    auto *self = static_cast<RedisConnection *>(context->data);
    if (!self)
        return;
    self->lost(status == REDIS_OK ? QStringLiteral("closed") : QString::fromUtf8(context->errstr));
}

void RedisConnection::lost(const QString &why)
{
    m_up = false;
    m_context = nullptr;
    if (m_binding) {
        redisqt::detach(m_binding);
        m_binding = nullptr;
    }
    QMetaObject::invokeMethod(
        &m_guard, [this, why] { m_onDown(why); }, Qt::QueuedConnection);
}

void RedisConnection::replyCallback(redisAsyncContext *, void *reply, void *privdata)
{
    auto *call = static_cast<PendingCall *>(privdata);
    if (!*call->silent && call->handler) {
        if (reply)
            call->handler(copyReply(static_cast<redisReply *>(reply)));
        else
            call->handler(std::nullopt);
    }
    delete call;
}

void RedisConnection::subscribeCallback(redisAsyncContext *, void *reply, void *privdata)
{
    auto *self = static_cast<RedisConnection *>(privdata);
    const auto *r = static_cast<redisReply *>(reply);
    if (!r || self->m_silent || r->type != REDIS_REPLY_ARRAY || r->elements < 3)
        return;
    const QByteArray kind(r->element[0]->str, qsizetype(r->element[0]->len));
    if (kind == "message" && r->element[2]->type == REDIS_REPLY_STRING) {
        self->m_onMessage(QByteArray(r->element[2]->str, qsizetype(r->element[2]->len)));
    } else if (kind == "subscribe" && self->m_onSubscribed) {
        self->m_onSubscribed();
    }
}

} // namespace parley::events
