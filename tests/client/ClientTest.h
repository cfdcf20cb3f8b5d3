#pragma once

// What a desktop-client suite needs: the REST test support plus a client app (AppState) on its
// own data directory, and a way to wait for asynchronous Results.
#include "ApiTest.h"

#include "api/ApiClient.h"
#include "state/AppState.h"

#include <QAbstractItemModel>
#include <QAbstractItemModelTester>
#include <QTemporaryDir>

#include <memory>
#include <optional>

namespace parley::test {

// Runs `call(done)` and spins the event loop until `done` ran (at most timeoutMs). A timeout is an
// Internal error saying so.
template<typename T, typename Call>
Result<T> await(Call &&call, int timeoutMs = 15000)
{
    std::optional<Result<T>> out;
    call([&](Result<T> r) { out.emplace(std::move(r)); });
    (void)QTest::qWaitFor([&] { return out.has_value(); }, timeoutMs);
    if (!out)
        return Error::internal(QStringLiteral("no answer within %1 ms").arg(timeoutMs));
    return std::move(*out);
}
Status awaitStatus(const std::function<void(std::function<void(Status)>)> &call,
                   int timeoutMs = 15000);

// "code: message" of an error, for failure messages.
QString describe(const Error &error);
// The error of a Result or Status for QVERIFY2 (which evaluates its message even on success),
// "" when it succeeded.
template<typename R>
QString why(const R &result)
{
    return result ? QString() : describe(result.error());
}

// QAbstractItemModelTester's mode for the client suites: a broken model invariant fails the test.
inline constexpr auto kModelTesterMode = QAbstractItemModelTester::FailureReportingMode::QtTest;

// The row of a list model whose role `role` (by name) equals value, -1 when none; the value of a
// role of a row.
int rowWhere(const QAbstractItemModel *model, const QByteArray &role, const QVariant &value);
QVariant roleAt(const QAbstractItemModel *model, int row, const QByteArray &role);

// The app's REST client (named apart from the test support's own ApiClient).
using RestClient = client::ApiClient;

// A REST client of `as` on the server (owned by `parent`).
RestClient *restAs(const TestServer &server, const test::Session &as, QObject *parent);
// A support room of `customer` that `staff` joined: its id ("" and a test failure otherwise).
QString roomWithStaff(const TestServer &server, const test::Session &customer,
                      const test::Session &staff);
// A new customer and staff member (usernames from `prefix`; the staff's has an "s" more) and a
// support room of the customer that the staff joined (roomId "" and a test failure otherwise).
struct SupportRoom
{
    test::Session customer;
    test::Session staff;
    QString roomId;
};
SupportRoom supportRoom(TestServer &server, const QString &prefix);
// A text message of `as` posted over REST (an empty Message when it failed).
Message postText(const TestServer &server, const test::Session &as, const QString &roomId,
                 const QString &text);

// One desktop client: an AppState on a temporary data directory (cache, token file, settings)
// pointed at the test server. restart() destroys it and creates a new one on the same
// directory, as an app restart does.
class ClientApp
{
public:
    explicit ClientApp(const TestServer &server, bool useKeychain = false);
    ~ClientApp();

    client::AppState *state() const { return m_state.get(); }
    client::AppState *operator->() const { return m_state.get(); }
    QString dataDir() const;

    // A new AppState on the same directory; start() is called (it restores the login).
    void restart();
    void destroy() { m_state.reset(); }
    // Logs in through Session::login and waits until logged in. False on failure (with a
    // QTest failure message).
    bool login(const QString &username,
               const QString &password = QString::fromLatin1(kDefaultPassword));
    // Waits until the socket is Online and has resumed.
    bool waitOnline(int timeoutMs = 20000);
    // login() then waitOnline().
    bool loginOnline(const QString &username) { return login(username) && waitOnline(); }

private:
    client::AppOptions options() const;

    QTemporaryDir m_dir;
    QUrl m_server;
    bool m_useKeychain;
    std::unique_ptr<client::AppState> m_state;
};

} // namespace parley::test
