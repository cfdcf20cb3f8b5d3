#include "desk/TranscriptExporter.h"

#include "api/ApiClient.h"
#include "api/ApiReply.h"
#include "session/Session.h"
#include "state/AppState.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace parley::client {

TranscriptExporter::TranscriptExporter(QObject *parent)
    : QObject(parent)
    , m_state(AppState::instance())
{}

QString TranscriptExporter::formatFor(const QUrl &file, const QString &fallback)
{
    const QString suffix = QFileInfo(file.path()).suffix().toLower();
    if (suffix == u"txt"_s || suffix == u"text"_s || suffix == u"log"_s)
        return u"text"_s;
    if (suffix == u"json"_s)
        return u"json"_s;
    return fallback == u"text"_s ? fallback : u"json"_s;
}

QString TranscriptExporter::targetPath(const QUrl &file, const QString &format)
{
    QString path = file.toLocalFile();
    if (!path.isEmpty() && QFileInfo(path).suffix().isEmpty())
        path += format == u"text"_s ? u".txt"_s : u".json"_s;
    return path;
}

bool TranscriptExporter::save(const QString &roomId, const QUrl &file, const QString &format)
{
    if (m_busy) {
        Q_EMIT failed(tr("A transcript is being saved already"));
        return false;
    }
    if (!m_state || !m_state->session()->isLoggedIn() || roomId.isEmpty()) {
        Q_EMIT failed(tr("Not signed in"));
        return false;
    }
    if (!file.isLocalFile()) {
        Q_EMIT failed(tr("Choose a file on this computer"));
        return false;
    }
    const QString chosen = formatFor(file, format);
    const QString path = targetPath(file, chosen);
    setBusy(true);
    m_state->api()->exportTranscript(roomId, chosen, path,
                                     guarded<Status>(this, [this, path, chosen](Status status) {
                                         setBusy(false);
                                         if (!status)
                                             return Q_EMIT failed(reply::describe(status.error()));
                                         Q_EMIT saved(path, chosen);
                                     }));
    return true;
}

void TranscriptExporter::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged();
}

} // namespace parley::client
