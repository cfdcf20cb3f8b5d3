#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace parley::e2e {

// The second app session of an end-to-end test: this same test binary started with
// `--peer SERVER_URL`, driving its own window (see PeerSession.h) on commands sent over stdin.
// A command is words separated by tabs; the answer is one line, "ok" or "fail <why>".
class PeerProcess
{
public:
    PeerProcess() = default;
    ~PeerProcess();

    bool start(const QUrl &server);
    // Sends one command and waits for its answer line; false (with errorString()) on "fail".
    bool command(const QStringList &words, int timeoutMs = 30000);
    QString errorString() const { return m_error; }
    QByteArray log() const;

private:
    QProcess m_process;
    QByteArray m_buffer;
    QByteArray m_stderr;
    QString m_error;
};

// Runs the peer side: reads commands from stdin until "quit" or end of input. Returns the exit
// code.
int runPeer(const QUrl &server);

} // namespace parley::e2e
