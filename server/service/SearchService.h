#pragma once

#include "protocol/Result.h"
#include "protocol/User.h"
#include "service/Snippet.h"
#include "storage/Storage.h"

#include <QList>
#include <QString>

namespace parley::service {

struct SearchRequest
{
    QString q;
    QString roomId; // empty: every room the caller may see
    int limit = 20;
    QString cursor; // next_cursor of the previous page
};

struct SearchResult
{
    Message message;
    Snippet snippet;
};

struct SearchPage
{
    QList<SearchResult> results;
    QString nextCursor; // empty: no more
};

// GET /api/chat/search/: messages the caller may see (member rooms; staff every room) containing
// every word of q, newest first, with snippets. The matching itself is the SearchStore's.
class SearchService
{
public:
    static constexpr int kMaxLimit = 100;
    static constexpr int kMaxTerms = 8;
    static constexpr int kMaxQueryChars = 256;

    explicit SearchService(storage::Storage &storage);
    Result<SearchPage> search(const User &actor, const SearchRequest &request);

private:
    storage::Storage &m_storage;
};

} // namespace parley::service
