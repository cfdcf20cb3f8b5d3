// Canned responses shared by staff: stored in CannedStore, published as CannedChanged, which the
// hub delivers to connected staff only. Customers are refused before anything is read.
#include "service/DeskService.h"

#include "protocol/Time.h"
#include "protocol/Validation.h"

namespace parley::service {
namespace {

constexpr int kListMax = 200;

Error noSuchCanned()
{
    return Error::notFound(QStringLiteral("No such canned response"));
}

// The store's unique-shortcut conflict, worded and naming its field (the app shows it there).
Error orShortcutTaken(const Error &error, const QString &shortcut)
{
    if (error.code != ErrorCode::Conflict)
        return error;
    return {ErrorCode::Conflict, QStringLiteral("The shortcut %1 is taken").arg(shortcut),
            QStringLiteral("shortcut")};
}

} // namespace

void DeskService::publishCanned(const User &actor, const QString &action,
                                const CannedResponse &canned)
{
    m_bus.publish(
        {events::Event::Kind::CannedChanged,
         {},
         actor.id,
         {{QStringLiteral("action"), action}, {QStringLiteral("canned"), canned.toJson()}},
         {}});
}

Result<QList<CannedResponse>> DeskService::cannedResponses(const User &actor, const QString &prefix)
{
    if (auto allowed = requireStaff(actor); !allowed)
        return allowed.error();
    return m_storage.canned().list(prefix, kListMax);
}

Result<CannedResponse> DeskService::createCanned(const User &actor, const CannedRequest &request)
{
    if (auto allowed = requireStaff(actor); !allowed)
        return allowed.error();
    auto created = m_storage.canned().create(*request.title, *request.shortcut, *request.body,
                                             actor.id, nowMs());
    if (!created)
        return orShortcutTaken(created.error(), request.shortcut.value_or(QString()));
    publishCanned(actor, QStringLiteral("created"), *created);
    return created;
}

Result<CannedResponse> DeskService::updateCanned(const User &actor, const QString &id,
                                                 const CannedRequest &request)
{
    if (auto allowed = requireStaff(actor); !allowed)
        return allowed.error();
    if (!validation::isUuid(id))
        return noSuchCanned();
    auto updated = m_storage.canned().update(id, request, nowMs());
    if (!updated)
        return orShortcutTaken(updated.error(), request.shortcut.value_or(QString()));
    publishCanned(actor, QStringLiteral("updated"), *updated);
    return updated;
}

Status DeskService::deleteCanned(const User &actor, const QString &id)
{
    if (auto allowed = requireStaff(actor); !allowed)
        return allowed;
    if (!validation::isUuid(id))
        return noSuchCanned();
    auto removed = m_storage.canned().remove(id);
    if (!removed)
        return removed.error();
    publishCanned(actor, QStringLiteral("deleted"), *removed);
    return {};
}

Result<QString> DeskService::renderCanned(const User &actor, const QString &id,
                                          const QString &roomId)
{
    if (auto allowed = requireStaffRoom(actor, roomId); !allowed)
        return allowed.error();
    if (!validation::isUuid(id))
        return noSuchCanned();
    auto canned = m_storage.canned().byId(id);
    if (!canned)
        return canned.error();
    auto room = m_storage.rooms().byId(roomId);
    if (!room)
        return room.error();
    auto members = m_storage.rooms().members(roomId);
    if (!members)
        return members.error();
    QStringList customers;
    for (const Member &member : std::as_const(*members)) {
        if (!isStaff(member.user.role))
            customers << member.user.displayName;
    }
    return canned::fillPlaceholders(canned->body,
                                    {{QStringLiteral("customer_name"), customers.join(u", ")},
                                     {QStringLiteral("agent_name"), actor.displayName},
                                     {QStringLiteral("order_ref"), room->orderRef},
                                     {QStringLiteral("room_id"), roomId}});
}

} // namespace parley::service
