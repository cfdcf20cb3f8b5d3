#include "api/ApiContext.h"

#include "service/SearchService.h"

#include <QJsonArray>

namespace parley::api {
namespace {

QJsonObject resultJson(const service::SearchResult &result)
{
    QJsonObject obj = result.message.toJson();
    QJsonArray highlights;
    for (const service::Snippet::Range &range : result.snippet.highlights)
        highlights.append(QJsonArray{qint64(range.start), qint64(range.length)});
    obj.insert(QStringLiteral("snippet"), result.snippet.text);
    obj.insert(QStringLiteral("highlights"), highlights);
    return obj;
}

} // namespace

void addSearchRoutes(Router &router, ApiContext &ctx)
{
    auto &search = ctx.search;
    addAuthed(router, ctx, Method::Get, QStringLiteral("/api/chat/search"),
              [&search](const QHttpServerRequest &request, const QStringList &, const User &me) {
                  auto limit = queryInt(request, QStringLiteral("limit"), 1,
                                        service::SearchService::kMaxLimit);
                  if (!limit)
                      return HttpReply::error(limit.error());
                  service::SearchRequest query;
                  query.q = queryText(request, QStringLiteral("q"));
                  query.roomId = queryText(request, QStringLiteral("room"));
                  query.limit = int(limit->value_or(20));
                  query.cursor = queryText(request, QStringLiteral("cursor"));
                  return replyWith(search.search(me, query), [](const service::SearchPage &page) {
                      QJsonArray results;
                      for (const service::SearchResult &result : page.results)
                          results.append(resultJson(result));
                      return QJsonObject{{QStringLiteral("results"), results},
                                         {QStringLiteral("next_cursor"),
                                          page.nextCursor.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                                    : QJsonValue(page.nextCursor)}};
                  });
              });
}

} // namespace parley::api
