#include "UiDriver.h"

#include "AppLoader.h"
#include "state/AppOptions.h"
#include "state/AppState.h"

#include <QImage>
#include <QMetaMethod>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSettings>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;

namespace parley::e2e {

namespace {

QQuickItem *findVisible(QQuickItem *item, const QString &objectName)
{
    if (!item)
        return nullptr;
    if (item->objectName() == objectName && item->isVisible())
        return item;
    const QList<QQuickItem *> children = item->childItems();
    for (QQuickItem *child : children) {
        if (QQuickItem *found = findVisible(child, objectName))
            return found;
    }
    return nullptr;
}

} // namespace

UiDriver::UiDriver(const QUrl &server)
{
    // Window geometry and theme choice go to this session's own settings file.
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    client::AppOptions options;
    options.dataDir = m_dir.filePath(u"data"_s);
    options.settingsPath = m_dir.filePath(u"client.ini"_s);
    options.serverOverride = server;
    options.useKeychain = false;
    options.reconnectMinMs = 100;
    options.reconnectMaxMs = 1000;
    m_state = std::make_unique<client::AppState>(options);
    m_engine = std::make_unique<QQmlApplicationEngine>();
    m_window = app::loadMainWindow(*m_engine, *m_state, &m_error);
    if (!m_window)
        return;
    m_window->resize(1200, 760);
    m_window->show();
    m_window->requestActivate();
    waitFor([this] { return m_window->isExposed(); }, 5000);
}

UiDriver::~UiDriver()
{
    m_engine.reset();
    m_state.reset();
}

QQuickItem *UiDriver::findIn(QQuickItem *parent, const QString &objectName)
{
    return findVisible(parent, objectName);
}

QQuickItem *UiDriver::find(const QString &objectName) const
{
    return m_window ? findVisible(m_window->contentItem(), objectName) : nullptr;
}

QQuickItem *UiDriver::findDelegate(const QString &list, const char *name,
                                   const QVariant &value) const
{
    QQuickItem *view = find(list);
    if (!view)
        return nullptr;
    auto *content = view->property("contentItem").value<QQuickItem *>();
    if (!content)
        return nullptr;
    const QList<QQuickItem *> children = content->childItems();
    for (QQuickItem *child : children) {
        if (child->property(name) == value)
            return child;
    }
    return nullptr;
}

bool UiDriver::click(QQuickItem *item)
{
    if (!item || !item->isVisible() || !item->isEnabled())
        return false;
    const QPointF centre = item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
    QTest::mouseClick(m_window, Qt::LeftButton, Qt::NoModifier, centre.toPoint());
    return true;
}

void UiDriver::type(QQuickItem *item, const QString &text)
{
    item->forceActiveFocus();
    // QTest::keyClicks only takes widgets: one key event per character.
    for (const QChar c : text)
        QTest::sendKeyEvent(QTest::Click, m_window, Qt::Key_unknown, QString(c), Qt::NoModifier);
}

void UiDriver::pressKey(int key, Qt::KeyboardModifiers modifiers)
{
    QTest::keyClick(m_window, Qt::Key(key), modifiers);
}

bool UiDriver::waitFor(const std::function<bool()> &done, int timeoutMs)
{
    return QTest::qWaitFor(done, timeoutMs);
}

bool UiDriver::login(const QString &username, const QString &password)
{
    if (!isLoaded())
        return false; // m_error says why
    QQuickItem *user = find(u"usernameField"_s);
    QQuickItem *pass = find(u"passwordField"_s);
    if (!user || !pass) {
        m_error = u"login page not shown"_s;
        return false;
    }
    type(user, username);
    type(pass, password);
    if (!click(find(u"loginButton"_s))) {
        m_error = u"login button not clickable"_s;
        return false;
    }
    const bool online = waitFor([this] {
        return m_state->connectionState() == client::RealtimeClient::Online &&
               find(u"connectionBanner"_s) == nullptr;
    });
    if (!online)
        m_error = u"not logged in and online after 15 s"_s;
    return online;
}

bool UiDriver::startSupportRequest(const QString &subject)
{
    if (!click(find(u"newConversationButton"_s)))
        return false;
    QQuickItem *field = nullptr;
    if (!waitFor([&] { return (field = find(u"subjectField"_s)) != nullptr; }, 5000))
        return false;
    type(field, subject);
    if (!click(find(u"startConversationButton"_s)))
        return false;
    return waitFor([&] {
        QQuickItem *title = find(u"chatTitle"_s);
        return title && title->property("text").toString() == subject;
    });
}

bool UiDriver::send(const QString &text)
{
    QQuickItem *input = find(u"composerInput"_s);
    if (!input || !input->isEnabled())
        return false;
    type(input, text);
    pressKey(Qt::Key_Return);
    return waitFor([&] { return !tickStatus(text).isEmpty(); }, 5000);
}

QString UiDriver::tickStatus(const QString &text) const
{
    QQuickItem *delegate = findDelegate(u"messageList"_s, "content", text);
    return delegate ? delegate->property("tickStatus").toString() : QString();
}

bool UiDriver::showSection(const QString &name)
{
    if (!click(find(name + u"RailButton"_s)))
        return false;
    QTest::qWait(100);
    return true;
}

bool UiDriver::grab(const QString &path)
{
    // No hover tooltips in the picture; let pending images, layouts and animations settle.
    QTest::mouseMove(m_window, QPoint(-10, -10));
    QTest::qWait(400);
    const QImage image = m_window->grabWindow();
    return !image.isNull() && image.save(path);
}

void UiDriver::setThemeMode(const QString &mode)
{
    const int id = qmlTypeId("Parley.App", 1, 0, "UiSettings");
    if (auto *settings = m_engine->singletonInstance<QObject *>(id))
        settings->setProperty("themeMode", mode);
}

bool UiDriver::invoke(QObject *object, const char *method, const QVariantList &args)
{
    if (!object)
        return false;
    const QMetaObject *meta = object->metaObject();
    for (int i = meta->methodOffset(); i < meta->methodCount(); ++i) {
        const QMetaMethod m = meta->method(i);
        if (m.name() != method || m.parameterCount() != args.size())
            continue;
        QGenericArgument a[4];
        QVariantList converted = args;
        for (int k = 0; k < args.size() && k < 4; ++k) {
            converted[k].convert(m.parameterMetaType(k));
            a[k] = QGenericArgument(converted[k].typeName(), converted[k].constData());
        }
        return m.invoke(object, Qt::DirectConnection, a[0], a[1], a[2], a[3]);
    }
    return false;
}

} // namespace parley::e2e
