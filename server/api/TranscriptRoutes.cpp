// Transcript export for staff (docs/API.md, "Transcripts"): JSON or plain text, as a download.
#include "api/ApiContext.h"

#include "attachments/FileNames.h"
#include "protocol/JsonFields.h"

namespace parley::api {

void addTranscriptRoutes(Router &router, ApiContext &ctx)
{
    auto &desk = ctx.desk;

    addAuthed(
        router, ctx, Method::Get, QStringLiteral("/api/chat/rooms/{}/transcript"),
        [&desk](const QHttpServerRequest &request, const QStringList &args, const User &me) {
            const QString format = request.query().hasQueryItem(QStringLiteral("format"))
                                       ? queryText(request, QStringLiteral("format"))
                                       : QStringLiteral("json");
            if (format != u"json" && format != u"text")
                return HttpReply::error(Error::validation(
                    QStringLiteral("format"), QStringLiteral("format must be json or text")));
            auto transcript = desk.transcript(me, args.at(0));
            if (!transcript)
                return HttpReply::error(transcript.error());
            const bool json = format == u"json";
            HttpReply reply = HttpReply::text(
                json ? json::compact(transcript->toJson()) : transcript->toText().toUtf8(),
                json ? QByteArrayLiteral("application/json")
                     : QByteArrayLiteral("text/plain; charset=utf-8"));
            reply.headers = {
                {QByteArrayLiteral("Content-Disposition"),
                 attachments::contentDisposition(
                     transcript->fileName(json ? QStringLiteral("json") : QStringLiteral("txt")),
                     false)},
                {QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")},
            };
            return reply;
        });
}

} // namespace parley::api
