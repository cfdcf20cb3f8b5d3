#include "ClientTest.h"

#include "realtime/RealtimeClient.h"
#include "session/Session.h"

#include <QSignalSpy>

using namespace Qt::StringLiterals;

namespace parley::test {

Status awaitStatus(const std::function<void(std::function<void(Status)>)> &call, int timeoutMs)
{
    std::optional<Status> out;
    call([&](Status s) { out.emplace(s); });
    (void)QTest::qWaitFor([&] { return out.has_value(); }, timeoutMs);
    if (!out)
        return Error::internal(u"no answer within %1 ms"_s.arg(timeoutMs));
    return *out;
}

QString describe(const Error &error)
{
    return errorCodeName(error.code) + u": "_s + error.message;
}

int rowWhere(const QAbstractItemModel *model, const QByteArray &role, const QVariant &value)
{
    const int r = model->roleNames().key(role, -1);
    for (int i = 0; i < model->rowCount(); ++i) {
        if (model->data(model->index(i, 0), r) == value)
            return i;
    }
    return -1;
}

QVariant roleAt(const QAbstractItemModel *model, int row, const QByteArray &role)
{
    return model->data(model->index(row, 0), model->roleNames().key(role, -1));
}

RestClient *restAs(const TestServer &server, const test::Session &as, QObject *parent)
{
    auto *api = new client::ApiClient(parent);
    api->setBaseUrl(server.baseUrl());
    api->setAccessToken(as.access);
    return api;
}

QString roomWithStaff(const TestServer &server, const test::Session &customer,
                      const test::Session &staff)
{
    client::ApiClient api;
    api.setBaseUrl(server.baseUrl());
    api.setAccessToken(customer.access);
    auto room = await<Room>([&](auto done) { api.createRoom(CreateRoomRequest{}, done); });
    api.setAccessToken(staff.access);
    if (!room || !await<Room>([&](auto done) { api.joinRoom(room->id, done); })) {
        QTest::qFail("could not open a support room with staff", __FILE__, __LINE__);
        return {};
    }
    return room->id;
}

SupportRoom supportRoom(TestServer &server, const QString &prefix)
{
    SupportRoom out;
    out.customer = server.createUser(uniqueName(prefix), u"customer"_s);
    out.staff = server.createUser(uniqueName(prefix + u's'), u"staff"_s);
    out.roomId = roomWithStaff(server, out.customer, out.staff);
    return out;
}

Message postText(const TestServer &server, const test::Session &as, const QString &roomId,
                 const QString &text)
{
    client::ApiClient api;
    api.setBaseUrl(server.baseUrl());
    api.setAccessToken(as.access);
    SendMessageRequest req;
    req.content = text;
    auto m = await<Message>([&](auto done) { api.sendMessage(roomId, req, done); });
    return m ? *m : Message{};
}

ClientApp::ClientApp(const TestServer &server, bool useKeychain)
    : m_server(server.baseUrl())
    , m_useKeychain(useKeychain)
{
    m_state = std::make_unique<client::AppState>(options());
}

ClientApp::~ClientApp() = default;

QString ClientApp::dataDir() const
{
    return m_dir.filePath(u"data"_s);
}

client::AppOptions ClientApp::options() const
{
    client::AppOptions o;
    o.dataDir = dataDir();
    o.settingsPath = m_dir.filePath(u"settings.ini"_s);
    o.serverOverride = m_server;
    o.useKeychain = m_useKeychain;
    o.reconnectMinMs = 100;
    o.reconnectMaxMs = 800;
    return o;
}

void ClientApp::restart()
{
    m_state.reset();
    m_state = std::make_unique<client::AppState>(options());
    m_state->start();
}

bool ClientApp::login(const QString &username, const QString &password)
{
    client::Session *session = m_state->session();
    QSignalSpy failed(session, &client::Session::loginFailed);
    session->login(username, password);
    if (!QTest::qWaitFor([&] { return session->isLoggedIn() || !failed.isEmpty(); }, 15000)) {
        QTest::qFail("login did not finish within 15 s", __FILE__, __LINE__);
        return false;
    }
    if (!session->isLoggedIn()) {
        QTest::qFail(qPrintable(u"login failed: "_s + session->errorString()), __FILE__, __LINE__);
        return false;
    }
    return true;
}

bool ClientApp::waitOnline(int timeoutMs)
{
    client::RealtimeClient *rt = m_state->realtime();
    return QTest::qWaitFor([&] { return rt->isSynced(); }, timeoutMs);
}

} // namespace parley::test
