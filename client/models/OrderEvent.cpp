#include "models/OrderEvent.h"

#include "protocol/Integration.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace parley::client::present {

QVariantMap orderEvent(const Message &message)
{
    static const QStringList kTypes = orderEventTypes();
    if (message.type != MessageType::System || message.deleted)
        return {};
    if (!kTypes.contains(message.metadata.value(u"event"_s).toString()))
        return {};
    return message.metadata.toVariantMap();
}

} // namespace parley::client::present
