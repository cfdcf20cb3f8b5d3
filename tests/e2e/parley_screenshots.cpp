// parley-screenshots OUTDIR: a picture of every page of the app with the demo data, taken from
// real sessions (alice, sam, admin) against a demo parley-server (PARLEY_SERVER_BIN). Run under
// Xvfb by scripts/screenshots, which writes docs/screenshots/.
#include "AppLoader.h"
#include "TestServer.h"
#include "UiDriver.h"

#include <QApplication>
#include <QDir>
#include <QFont>
#include <QImage>
#include <QPainter>
#include <QQuickItem>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace Qt::StringLiterals;
using parley::e2e::UiDriver;

namespace {

QString g_out;
int g_failures = 0;

void check(bool ok, const char *what)
{
    if (!ok) {
        std::fprintf(stderr, "parley-screenshots: %s failed\n", what);
        ++g_failures;
    }
}

void shot(UiDriver &ui, const char *name)
{
    const QString path = QDir(g_out).filePath(QString::fromLatin1(name) + u".png"_s);
    check(ui.grab(path), name);
    std::printf("%s\n", qPrintable(path));
}

bool openRoom(UiDriver &ui, const QString &list, const QString &title)
{
    QQuickItem *row = nullptr;
    if (!UiDriver::waitFor(
            [&] { return (row = ui.findDelegate(list, "title", title)) != nullptr; }))
        return false;
    return ui.click(row) && UiDriver::waitFor([&] {
               QQuickItem *t = ui.find(u"chatTitle"_s);
               return t && t->property("text").toString() == title;
           });
}

// A small picture to send as a photo: a parcel on a doorstep, drawn.
QString makePhoto(const QTemporaryDir &dir)
{
    QImage image(640, 420, QImage::Format_RGB32);
    QPainter p(&image);
    QLinearGradient sky(0, 0, 0, 420);
    sky.setColorAt(0, QColor(u"#8ec5fc"_s));
    sky.setColorAt(1, QColor(u"#e0c3fc"_s));
    p.fillRect(image.rect(), sky);
    p.fillRect(QRect(0, 300, 640, 120), QColor(u"#9c7b5b"_s));
    p.setBrush(QColor(u"#c8965a"_s));
    p.setPen(QPen(QColor(u"#7a5530"_s), 4));
    p.drawRect(230, 190, 180, 130);
    p.drawLine(320, 190, 320, 320);
    p.setPen(Qt::white);
    QFont font = p.font();
    font.setPixelSize(28);
    font.setBold(true);
    p.setFont(font);
    p.drawText(QRect(0, 30, 640, 40), Qt::AlignCenter, u"ORD-1001 delivered"_s);
    p.end();
    const QString path = dir.filePath(u"doorstep.png"_s);
    image.save(path);
    return path;
}

void customerPages(const QUrl &server, const QTemporaryDir &tmp)
{
    UiDriver ui(server);
    check(ui.isLoaded(), "load");
    ui.type(ui.find(u"usernameField"_s), u"alice"_s);
    shot(ui, "login");
    ui.find(u"usernameField"_s)->setProperty("text", QString());
    check(ui.login(u"alice"_s, u"demo-password"_s), "alice login");
    if (!openRoom(ui, u"roomList"_s, u"Where is my parcel?"_s))
        return check(false, "open parcel room");
    QObject *model = ui.find(u"chatPage"_s)->property("model").value<QObject *>();
    // Report one of sam's messages so that the admin has something to look at.
    if (QQuickItem *m = ui.findDelegate(u"messageList"_s, "content",
                                        u"Hi Alice, I'm checking with the courier now."_s))
        check(
            UiDriver::invoke(model, "reportMessage",
                             {m->property("messageId"), u"Promised a call back that never came"_s}),
            "report");
    // The "reported" toast is gone before the first picture.
    UiDriver::waitFor([&] { return ui.find(u"toastText"_s) != nullptr; }, 3000);
    UiDriver::waitFor([&] { return ui.find(u"toastText"_s) == nullptr; }, 8000);
    check(UiDriver::invoke(model, "sendFile", {QUrl::fromLocalFile(makePhoto(tmp)), QString()}),
          "send photo");
    check(UiDriver::invoke(model, "sendLocation", {51.5072, -0.1276, QString()}), "send location");
    check(ui.send(u"Here is where it should go."_s), "send text");
    // Everything stored before the picture is taken.
    check(UiDriver::waitFor(
              [&] { return ui.tickStatus(u"Here is where it should go."_s) == "sent"_L1; }),
          "messages stored");
    // Without an upload endpoint on this server the photo fails: leave it out of the picture.
    QTest::qWait(1500);
    if (QQuickItem *photo = ui.findDelegate(u"messageList"_s, "type", u"image"_s);
        photo && photo->property("tickStatus").toString() == "failed"_L1) {
        std::fputs("parley-screenshots: the server refused the photo upload; it is left out\n",
                   stderr);
        UiDriver::invoke(model, "discard", {photo->property("clientId")});
    }
    shot(ui, "chat");
    ui.type(ui.find(u"composerInput"_s), u"Thanks, I'll be home after 5"_s);
    ui.setThemeMode(u"dark"_s);
    shot(ui, "chat-dark");
    ui.setThemeMode(u"light"_s);
    ui.find(u"composerInput"_s)->setProperty("text", QString());
    check(ui.click(ui.find(u"newConversationButton"_s)), "new conversation");
    shot(ui, "new-conversation");
    ui.pressKey(Qt::Key_Escape);
    check(ui.showSection(u"settings"_s), "settings");
    shot(ui, "settings");
}

void staffPages(const QUrl &server)
{
    UiDriver ui(server);
    check(ui.login(u"sam"_s, u"demo-password"_s), "sam login");
    check(openRoom(ui, u"queueList"_s, u"Invoice needs my company name"_s), "open queued room");
    shot(ui, "staff-console");
    check(ui.click(ui.find(u"searchTab"_s)), "search tab");
    ui.type(ui.find(u"messageSearchField"_s), u"parcel"_s);
    UiDriver::waitFor(
        [&] {
            QQuickItem *list = ui.find(u"searchResults"_s);
            return list && list->property("count").toInt() > 0;
        },
        5000);
    shot(ui, "staff-search");
}

void adminPages(const QUrl &server)
{
    UiDriver ui(server);
    check(ui.login(u"admin"_s, u"demo-password"_s), "admin login");
    check(ui.showSection(u"admin"_s), "admin section");
    UiDriver::waitFor(
        [&] {
            QQuickItem *list = ui.find(u"userList"_s);
            return list && list->property("count").toInt() >= 3;
        },
        5000);
    shot(ui, "admin-users");
    check(ui.click(ui.find(u"reportsTab"_s)), "reports tab");
    QTest::qWait(800);
    shot(ui, "admin-reports");
    check(ui.click(ui.find(u"statsTab"_s)), "stats tab");
    QTest::qWait(800);
    shot(ui, "admin-stats");
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"ParleyScreenshots"_s);
    parley::app::useDefaultStyle();
    if (argc < 2) {
        std::fputs("usage: parley-screenshots OUTDIR (PARLEY_SERVER_BIN names the server)\n",
                   stderr);
        return 2;
    }
    g_out = QString::fromLocal8Bit(argv[1]);
    QDir().mkpath(g_out);
    parley::test::TestServer server({u"--demo"_s});
    if (!server.start()) {
        std::fprintf(stderr, "parley-screenshots: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    QTemporaryDir tmp;
    customerPages(server.baseUrl(), tmp);
    staffPages(server.baseUrl());
    adminPages(server.baseUrl());
    return g_failures == 0 ? 0 : 1;
}
