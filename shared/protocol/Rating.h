#pragma once

#include "protocol/Result.h"
#include "protocol/User.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace parley {

// A customer's rating of a closed support or order conversation (docs/API.md, "Ratings"):
// {"room_id","customer","score","comment","closed_seq","created_at","updated_at"}. closed_seq is
// the seq of the system message that closed the room: one rating per customer per closure.
struct Rating
{
    QString roomId;
    User customer;
    int score = 0;   // 1-5
    QString comment; // "" when none
    qint64 closedSeq = 0;
    QDateTime createdAt;
    QDateTime updatedAt;

    QJsonObject toJson() const;
    static Result<Rating> fromJson(const QJsonObject &obj);
    bool operator==(const Rating &) const = default;
};

// POST /api/chat/rooms/{id}/rating/: {"score": 1-5, "comment"?: up to 1000 characters}.
struct RateRequest
{
    int score = 0;
    QString comment;

    QJsonObject toJson() const;
    static Result<RateRequest> fromJson(const QJsonObject &obj);
};

// One staff member's line in the ratings report: the ratings of the rooms they are a member of.
struct AgentRating
{
    User agent;
    qint64 count = 0;
    double average = 0;

    QJsonObject toJson() const;
};

// GET /api/chat/ratings/: per agent, overall, and the latest ratings.
struct RatingReport
{
    QList<AgentRating> agents;
    qint64 count = 0;
    double average = 0;
    QList<Rating> latest;

    QJsonObject toJson() const;
};

} // namespace parley
