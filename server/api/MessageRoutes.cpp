#include "api/ApiContext.h"

#include "protocol/Time.h"

#include <QJsonArray>

namespace parley::api {
namespace {

constexpr qint64 kMaxSeq = qint64(1) << 53;

auto messageJson = [](const Message &message) { return message.toJson(); };

} // namespace

void addMessageRoutes(Router &router, ApiContext &ctx)
{
    auto &chat = ctx.chat;
    const auto authed = [&](Method method, const QString &pattern, AuthedHandler handler) {
        addAuthed(router, ctx, method, pattern, std::move(handler));
    };

    authed(Method::Get, QStringLiteral("/api/chat/rooms/{}/messages"),
           [&chat](const QHttpServerRequest &request, const QStringList &args, const User &me) {
               auto before = queryInt(request, QStringLiteral("before"), 0, kMaxSeq);
               if (!before)
                   return HttpReply::error(before.error());
               auto after = queryInt(request, QStringLiteral("after"), 0, kMaxSeq);
               if (!after)
                   return HttpReply::error(after.error());
               // Above 200 is treated as 200 (PROTOCOL.md), so accept any positive number.
               auto limit = queryInt(request, QStringLiteral("limit"), 1, kMaxSeq);
               if (!limit)
                   return HttpReply::error(limit.error());
               const int pageSize = int(std::min<qint64>(limit->value_or(50), 200));
               return replyWith(chat.history(me, args.at(0), *before, *after, pageSize),
                                [](const storage::MessagePage &page) {
                                    QJsonArray results;
                                    for (const Message &message : page.messages)
                                        results.append(message.toJson());
                                    return QJsonObject{{QStringLiteral("results"), results},
                                                       {QStringLiteral("has_more"), page.hasMore}};
                                });
           });

    const AuthedHandler send = [&chat](const QHttpServerRequest &request, const QStringList &args,
                                       const User &me) {
        auto body = jsonBody(request);
        if (!body)
            return HttpReply::error(body.error());
        auto parsed = SendMessageRequest::fromJson(*body);
        if (!parsed)
            return HttpReply::error(parsed.error());
        auto sent = chat.send(me, args.at(0), *parsed);
        if (!sent)
            return HttpReply::error(sent.error());
        return HttpReply::json(sent->message.toJson(), sent->created ? 201 : 200);
    };
    authed(Method::Post, QStringLiteral("/api/chat/rooms/{}/messages"), send);
    authed(Method::Post, QStringLiteral("/api/chat/rooms/{}/send-message"), send);

    authed(Method::Patch, QStringLiteral("/api/chat/messages/{}"),
           [&chat](const QHttpServerRequest &request, const QStringList &args, const User &me) {
               auto body = jsonBody(request);
               if (!body)
                   return HttpReply::error(body.error());
               auto parsed = EditMessageRequest::fromJson(*body);
               if (!parsed)
                   return HttpReply::error(parsed.error());
               return replyWith(chat.editMessage(me, args.at(0), parsed->content), messageJson);
           });

    authed(Method::Delete, QStringLiteral("/api/chat/messages/{}"),
           [&chat](const QHttpServerRequest &, const QStringList &args, const User &me) {
               return replyWith(chat.deleteMessage(me, args.at(0)), messageJson);
           });

    authed(Method::Post, QStringLiteral("/api/chat/messages/{}/report"),
           [&chat](const QHttpServerRequest &request, const QStringList &args, const User &me) {
               auto body = jsonBody(request);
               if (!body)
                   return HttpReply::error(body.error());
               auto parsed = ReportRequest::fromJson(*body);
               if (!parsed)
                   return HttpReply::error(parsed.error());
               return replyWith(
                   chat.report(me, args.at(0), parsed->reason),
                   [](const storage::ReportRecord &report) {
                       return QJsonObject{{QStringLiteral("id"), report.id},
                                          {QStringLiteral("message_id"), report.messageId},
                                          {QStringLiteral("reason"), report.reason},
                                          {QStringLiteral("created_at"),
                                           toWireTime(fromEpochMs(report.createdAtMs))}};
                   },
                   201);
           });
}

} // namespace parley::api
