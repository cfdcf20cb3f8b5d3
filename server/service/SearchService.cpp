#include "service/SearchService.h"

#include <QRegularExpression>

namespace parley::service {
namespace {

// Opaque cursors: the store's position of the last result, base64url.
QString encodePosition(qint64 position)
{
    return QString::fromLatin1(
        ("s" + QByteArray::number(position))
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<qint64> decodePosition(const QString &cursor)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        cursor.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || !decoded.decoded.startsWith('s'))
        return std::nullopt;
    bool ok = false;
    const qint64 position = decoded.decoded.mid(1).toLongLong(&ok);
    if (!ok || position <= 0)
        return std::nullopt;
    return position;
}

} // namespace

SearchService::SearchService(storage::Storage &storage)
    : m_storage(storage)
{}

Result<SearchPage> SearchService::search(const User &actor, const SearchRequest &request)
{
    const QString q = request.q.trimmed();
    if (q.isEmpty() || q.size() > kMaxQueryChars)
        return Error::validation(QStringLiteral("q"),
                                 QStringLiteral("q must be 1-%1 characters").arg(kMaxQueryChars));
    static const QRegularExpression spaces(QStringLiteral("\\s+"));
    QStringList terms = q.split(spaces, Qt::SkipEmptyParts);
    terms.removeDuplicates();
    if (terms.size() > kMaxTerms)
        return Error::validation(QStringLiteral("q"),
                                 QStringLiteral("At most %1 words").arg(kMaxTerms));

    storage::SearchQuery query;
    query.terms = terms;
    query.viewerId = actor.id;
    query.allRooms = isStaff(actor.role);
    query.limit = std::clamp(request.limit, 1, kMaxLimit) + 1; // one more: is there a next page?
    if (!request.cursor.isEmpty()) {
        query.before = decodePosition(request.cursor);
        if (!query.before)
            return Error::validation(QStringLiteral("cursor"), QStringLiteral("Invalid cursor"));
    }
    if (!request.roomId.isEmpty()) {
        // A room the caller may not see answers like one that does not exist.
        auto room = m_storage.rooms().byId(request.roomId);
        if (!room)
            return room.error();
        if (!query.allRooms) {
            auto membership = m_storage.rooms().membership(request.roomId, actor.id);
            if (!membership)
                return membership.error();
            if (!*membership)
                return Error::notFound(QStringLiteral("No such room"));
        }
        query.roomId = request.roomId;
    }

    auto hits = m_storage.search().search(query);
    if (!hits)
        return hits.error();
    SearchPage page;
    const int limit = query.limit - 1;
    qint64 lastPosition = 0;
    for (const storage::SearchHit &hit : std::as_const(*hits)) {
        if (page.results.size() == limit) {
            page.nextCursor = encodePosition(lastPosition);
            break;
        }
        page.results.append({hit.message, makeSnippet(hit.message.content, terms)});
        lastPosition = hit.position;
    }
    return page;
}

} // namespace parley::service
