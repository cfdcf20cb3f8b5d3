#pragma once

#include "protocol/Message.h"
#include "protocol/User.h"

#include <QJsonObject>
#include <QString>

#include <optional>

// Rows of the canned-responses / ratings / transcript features (migration 6), as the stores hand
// them over.
namespace parley::storage {

// One change to a message, kept in message_history in the same transaction as the change: what
// the message was just before it, who changed it and when. version counts from 1 per message.
struct MessageChange
{
    enum class Action { Edit, Delete };

    QString messageId;
    int version = 0;
    Action action = Action::Edit;
    QString previousContent;
    QJsonObject previousMetadata;
    std::optional<Attachment> previousAttachment; // what a deletion removed
    User actor;
    qint64 atMs = 0;
};

} // namespace parley::storage
