#include "protocol/Rating.h"

#include "protocol/JsonFields.h"
#include "protocol/Time.h"
#include "protocol/Validation.h"

#include <QJsonArray>

namespace parley {

using namespace Qt::StringLiterals;

QJsonObject Rating::toJson() const
{
    return {{u"room_id"_s, roomId},
            {u"customer"_s, customer.toJson()},
            {u"score"_s, score},
            {u"comment"_s, comment},
            {u"closed_seq"_s, closedSeq},
            {u"created_at"_s, toWireTime(createdAt)},
            {u"updated_at"_s, toWireTime(updatedAt)}};
}

Result<Rating> Rating::fromJson(const QJsonObject &obj)
{
    Rating rating;
    auto roomId = json::requireString(obj, u"room_id"_s);
    if (!roomId)
        return roomId.error();
    rating.roomId = *roomId;
    auto customerJson = json::requireObject(obj, u"customer"_s);
    if (!customerJson)
        return customerJson.error();
    auto customer = User::fromJson(*customerJson);
    if (!customer)
        return json::nested(customer.error(), u"customer"_s);
    rating.customer = *customer;
    auto score = json::requireInt(obj, u"score"_s, 1, 5);
    if (!score)
        return score.error();
    rating.score = int(*score);
    auto comment = json::requireString(obj, u"comment"_s);
    if (!comment)
        return comment.error();
    rating.comment = *comment;
    auto closedSeq = json::requireInt(obj, u"closed_seq"_s, 0, json::kMaxSafeInteger);
    if (!closedSeq)
        return closedSeq.error();
    rating.closedSeq = *closedSeq;
    auto created = json::requireTime(obj, u"created_at"_s);
    if (!created)
        return created.error();
    rating.createdAt = *created;
    auto updated = json::requireTime(obj, u"updated_at"_s);
    if (!updated)
        return updated.error();
    rating.updatedAt = *updated;
    return rating;
}

QJsonObject RateRequest::toJson() const
{
    return {{u"score"_s, score}, {u"comment"_s, comment}};
}

Result<RateRequest> RateRequest::fromJson(const QJsonObject &obj)
{
    auto score = json::requireInt(obj, u"score"_s, 1, 5);
    if (!score)
        return score.error();
    auto comment = json::optionalString(obj, u"comment"_s);
    if (!comment)
        return comment.error();
    RateRequest request{int(*score), comment->value_or(QString()).trimmed()};
    if (Status s = validation::atMost(request.comment, validation::kReasonMax, u"comment"_s); !s)
        return s.error();
    return request;
}

QJsonObject AgentRating::toJson() const
{
    return {{u"agent"_s, agent.toJson()}, {u"count"_s, count}, {u"average"_s, average}};
}

QJsonObject RatingReport::toJson() const
{
    QJsonArray agentsJson;
    for (const AgentRating &agent : agents)
        agentsJson.append(agent.toJson());
    QJsonArray latestJson;
    for (const Rating &rating : latest)
        latestJson.append(rating.toJson());
    return {{u"agents"_s, agentsJson},
            {u"count"_s, count},
            {u"average"_s, average},
            {u"latest"_s, latestJson}};
}

} // namespace parley
