#include "PeerProcess.h"

#include "UiDriver.h"

#include <QCoreApplication>
#include <QQuickItem>
#include <QSocketNotifier>
#include <QTest>

#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace parley::e2e {

PeerProcess::~PeerProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.write("quit\n");
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished(2000);
    }
}

bool PeerProcess::start(const QUrl &server)
{
    m_process.setProgram(QCoreApplication::applicationFilePath());
    m_process.setArguments({u"--peer"_s, server.toString()});
    QObject::connect(&m_process, &QProcess::readyReadStandardError, &m_process,
                     [this] { m_stderr += m_process.readAllStandardError(); });
    m_process.start();
    if (!m_process.waitForStarted(10000)) {
        m_error = u"peer did not start: "_s + m_process.errorString();
        return false;
    }
    return command({u"hello"_s});
}

bool PeerProcess::command(const QStringList &words, int timeoutMs)
{
    m_process.write(words.join(u'\t').toUtf8() + '\n');
    const bool answered = QTest::qWaitFor(
        [this] {
            m_buffer += m_process.readAllStandardOutput();
            return m_buffer.contains('\n') || m_process.state() == QProcess::NotRunning;
        },
        timeoutMs);
    const qsizetype nl = m_buffer.indexOf('\n');
    if (!answered || nl < 0) {
        m_error = u"peer gave no answer to \"%1\""_s.arg(words.join(u' '));
        return false;
    }
    const QString line = QString::fromUtf8(m_buffer.left(nl));
    m_buffer.remove(0, nl + 1);
    if (line == "ok"_L1)
        return true;
    m_error = u"peer: \"%1\": %2"_s.arg(words.join(u' '), line);
    return false;
}

QByteArray PeerProcess::log() const
{
    return m_stderr;
}

namespace {

// One command of the peer protocol, run against the peer's window.
QString runCommand(UiDriver &ui, const QStringList &words)
{
    const QString &verb = words.value(0);
    const QString arg = words.value(1);
    if (verb == "hello"_L1)
        return ui.isLoaded() ? QString() : ui.errorString();
    if (verb == "login"_L1)
        return ui.login(arg, words.value(2)) ? QString() : ui.errorString();
    if (verb == "join"_L1) {
        // The support request appears in the queue; its Join button takes the conversation.
        QQuickItem *row = nullptr;
        if (!UiDriver::waitFor([&] {
                row = ui.findDelegate(u"queueList"_s, "title", arg);
                return row && row->property("isWaiting").toBool();
            }))
            return u"\"%1\" not waiting in the queue"_s.arg(arg);
        if (row->property("waitingText").toString().isEmpty())
            return u"no waiting time shown"_s;
        if (!ui.click(UiDriver::findIn(row, u"queueJoinButton"_s)))
            return u"no Join button"_s;
        const bool joined = UiDriver::waitFor([&] {
            QQuickItem *title = ui.find(u"chatTitle"_s);
            QQuickItem *input = ui.find(u"composerInput"_s);
            return title && title->property("text").toString() == arg && input &&
                   input->isEnabled();
        });
        return joined ? QString() : u"conversation not open for writing after joining"_s;
    }
    if (verb == "wait-message"_L1) {
        const bool seen = UiDriver::waitFor(
            [&] { return ui.findDelegate(u"messageList"_s, "content", arg) != nullptr; });
        return seen ? QString() : u"message \"%1\" not shown"_s.arg(arg);
    }
    if (verb == "send"_L1)
        return ui.send(arg) ? QString() : u"could not send"_s;
    if (verb == "reply"_L1) {
        // As the message's menu or R does: quote it in the composer, then send.
        QQuickItem *quoted = ui.findDelegate(u"messageList"_s, "content", words.value(2));
        if (!quoted || !QMetaObject::invokeMethod(quoted, "replyRequested"))
            return u"no message to reply to"_s;
        return ui.send(arg) ? QString() : u"could not send the reply"_s;
    }
    if (verb == "wait-typing"_L1) {
        const bool shown = UiDriver::waitFor([&] {
            QQuickItem *typing = ui.find(u"typingIndicator"_s);
            return typing && typing->property("text").toString().contains(arg);
        });
        return shown ? QString() : u"nobody shown typing"_s;
    }
    if (verb == "wait-edited"_L1) {
        const bool edited = UiDriver::waitFor([&] {
            QQuickItem *m = ui.findDelegate(u"messageList"_s, "content", arg);
            return m && m->property("edited").toBool();
        });
        return edited ? QString() : u"\"%1\" not shown as edited"_s.arg(arg);
    }
    if (verb == "wait-tick"_L1) {
        const QString want = words.value(2);
        const bool reached = UiDriver::waitFor([&] { return ui.tickStatus(arg) == want; });
        return reached
                   ? QString()
                   : u"ticks of \"%1\" are \"%2\", not \"%3\""_s.arg(arg, ui.tickStatus(arg), want);
    }
    if (verb == "close-room"_L1) {
        QQuickItem *button = ui.find(u"detailsCloseButton"_s);
        return ui.click(button) ? QString() : u"no Close button"_s;
    }
    return u"unknown command "_s + verb;
}

} // namespace

int runPeer(const QUrl &server)
{
    UiDriver ui(server);
    QSocketNotifier notifier(STDIN_FILENO, QSocketNotifier::Read);
    QByteArray buffer;
    bool quit = false;
    QObject::connect(&notifier, &QSocketNotifier::activated, &notifier, [&] {
        notifier.setEnabled(false);
        char chunk[4096];
        const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
        if (n <= 0) {
            quit = true;
            QCoreApplication::quit();
            return;
        }
        buffer.append(chunk, n);
        qsizetype nl;
        while (!quit && (nl = buffer.indexOf('\n')) >= 0) {
            const QStringList words = QString::fromUtf8(buffer.left(nl)).split(u'\t');
            buffer.remove(0, nl + 1);
            if (words.value(0) == "quit"_L1) {
                quit = true;
                QCoreApplication::quit();
                return;
            }
            const QString failure = runCommand(ui, words);
            const QByteArray answer =
                failure.isEmpty() ? "ok\n" : "fail " + failure.toUtf8() + '\n';
            std::fwrite(answer.constData(), 1, size_t(answer.size()), stdout);
            std::fflush(stdout);
        }
        notifier.setEnabled(true);
    });
    return QCoreApplication::exec();
}

} // namespace parley::e2e
