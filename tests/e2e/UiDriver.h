#pragma once

#include <QQmlApplicationEngine>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>
#include <QVariant>

#include <functional>
#include <memory>

class QQuickItem;
class QQuickWindow;

namespace parley::client {
class AppState;
}

namespace parley::e2e {

// One app session driven through its UI: its own AppState (temporary cache and settings), the
// real Main.qml in an offscreen (or Xvfb) window, and the same clicks and key presses a person
// makes, found by objectName. One per process: the client's models reach their AppState as the
// process-wide instance.
class UiDriver
{
public:
    explicit UiDriver(const QUrl &server);
    ~UiDriver();
    UiDriver(const UiDriver &) = delete;
    UiDriver &operator=(const UiDriver &) = delete;

    bool isLoaded() const { return m_window != nullptr; }
    QString errorString() const { return m_error; }
    QQuickWindow *window() const { return m_window; }
    client::AppState &state() const { return *m_state; }

    // The first visible item with this objectName (popups included), else nullptr.
    QQuickItem *find(const QString &objectName) const;
    // A delegate of `list` (a ListView's objectName) whose property `name` equals `value`.
    QQuickItem *findDelegate(const QString &list, const char *name, const QVariant &value) const;
    // A descendant of `parent` with this objectName.
    static QQuickItem *findIn(QQuickItem *parent, const QString &objectName);

    bool click(QQuickItem *item);
    // Focuses `item` and types `text` into the window, one key at a time.
    void type(QQuickItem *item, const QString &text);
    void pressKey(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier);

    // Polls `done` while the event loop runs, at most timeoutMs.
    static bool waitFor(const std::function<bool()> &done, int timeoutMs = 15000);

    // Fills the login form and waits until logged in with the socket online. False (errorString()
    // says why) when the window did not load, too.
    bool login(const QString &username, const QString &password);
    // Starts a support request with this subject through "New conversation" and waits until it
    // is the open conversation.
    bool startSupportRequest(const QString &subject);
    // Types into the open conversation's composer and presses Enter.
    bool send(const QString &text);
    // The tick state ("pending", "sent", "delivered", "read") of my message with this text.
    QString tickStatus(const QString &text) const;
    // Switches section ("chats", "console", "admin", "settings") via the navigation rail.
    bool showSection(const QString &name);
    bool grab(const QString &path);
    // "system", "light" or "dark", as the Settings page sets it.
    void setThemeMode(const QString &mode);
    // A QML object's invokable, e.g. the open conversation's MessageListModel::sendLocation.
    static bool invoke(QObject *object, const char *method, const QVariantList &args = {});

private:
    QTemporaryDir m_dir;
    std::unique_ptr<client::AppState> m_state;
    std::unique_ptr<QQmlApplicationEngine> m_engine;
    QQuickWindow *m_window = nullptr;
    QString m_error;
};

} // namespace parley::e2e
