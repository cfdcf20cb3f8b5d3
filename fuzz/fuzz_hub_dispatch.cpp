// The WebSocket frame handler as far as it runs without a network: each input is a few text
// frames (one per line) from a demo user (the first byte picks alice, sam or admin) that go
// through decodeClientFrame() and Hub::handleFrame() against a real SQLite database seeded with
// the demo data, with the event loop run so group-committed sends are stored and acked. The
// connection's socket is an unconnected QWebSocket: answers are dropped.
//
// "$R0".."$R9" in a frame are replaced by the id of the user's n-th room, so the fuzzer reaches
// the paths behind the membership checks.
#include "FuzzApp.h"

#include "auth/PasswordHasher.h"
#include "demo/DemoData.h"
#include "events/EventBus.h"
#include "protocol/WsFrames.h"
#include "realtime/Connection.h"
#include "realtime/Hub.h"
#include "realtime/QtWsTransport.h"
#include "service/AuthService.h"
#include "service/ChatService.h"
#include "storage/Storage.h"

#include <QTemporaryDir>
#include <QWebSocket>

#include <cstdlib>
#include <memory>

using namespace parley;

namespace {

struct World
{
    QTemporaryDir dir;
    std::unique_ptr<storage::Storage> storage;
    events::LocalEventBus bus;
    std::unique_ptr<auth::PasswordHasher> hasher;
    std::unique_ptr<service::AuthService> auth;
    std::unique_ptr<service::ChatService> chat;
    std::unique_ptr<realtime::Hub> hub;
    QList<User> users;
    QList<QStringList> roomsOf;

    World()
    {
        (void)fuzz::app();
        auto opened = storage::openStorage({QString(), dir.path(), false});
        if (!opened)
            std::abort();
        storage = std::move(*opened);
        hasher = std::make_unique<auth::PasswordHasher>(1);
        auth = std::make_unique<service::AuthService>(*storage, *hasher, QByteArray(32, 'k'));
        chat = std::make_unique<service::ChatService>(*storage, bus);
        realtime::HubSettings settings;
        settings.ratePerS = 0;
        hub = std::make_unique<realtime::Hub>(settings, *storage, *chat, *auth, bus);
        if (!demo::seedDemoData(*storage, *chat))
            std::abort();
        for (const char *name : {"alice", "sam", "admin"}) {
            auto record = storage->users().byUsername(QString::fromLatin1(name));
            if (!record)
                std::abort();
            users.append(record->user);
            service::RoomListQuery query;
            query.scopeAll = true;
            QStringList ids;
            if (auto list = chat->listRooms(record->user, query)) {
                for (const Room &room : list->rooms)
                    ids.append(room.id);
            }
            roomsOf.append(ids);
        }
    }
};

World &world()
{
    static auto *instance = new World;
    return *instance;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1 || size > 16 * 1024)
        return 0;
    World &w = world();
    const int who = data[0] % w.users.size();
    const QStringList &rooms = w.roomsOf.at(who);
    // No TCP transport: frames for this connection go nowhere (an unconnected QWebSocket).
    realtime::Connection connection(
        *w.hub,
        std::make_unique<realtime::QtWsTransport>(std::make_unique<QWebSocket>(), nullptr,
                                                  w.hub->settings().maxFrameBytes),
        w.users.at(who), QStringLiteral("fuzz-session"));
    const QList<QByteArray> lines = fuzz::bytes(data + 1, size - 1).split('\n');
    for (QByteArray line : lines) {
        for (int i = 0; i < 10 && i < rooms.size(); ++i)
            line.replace("$R" + QByteArray::number(i), rooms.at(i).toUtf8());
        QString ref;
        auto decoded = ws::decodeClientFrame(line, &ref);
        if (!decoded)
            continue;
        w.hub->handleFrame(connection, decoded->ref, decoded->frame);
    }
    QCoreApplication::processEvents();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return 0;
}
