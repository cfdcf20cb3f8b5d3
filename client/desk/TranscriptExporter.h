#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

namespace parley::client {

class AppState;

// Saves a room's transcript (docs/API.md "Transcripts", staff only) to a file the user chose:
// JSON or plain text, by the file's extension or else the format asked for. Bound to the AppState
// that exists when it is constructed.
//
// QML:  TranscriptExporter { onSaved: path => toast.show(...); onFailed: message => ... }
class TranscriptExporter : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    // An export is under way (one at a time).
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)

public:
    explicit TranscriptExporter(QObject *parent = nullptr);

    bool isBusy() const { return m_busy; }

    // "text" for *.txt / *.text / *.log, "json" for *.json, else `fallback` ("json" when it is
    // neither "json" nor "text").
    Q_INVOKABLE static QString formatFor(const QUrl &file, const QString &fallback = {});
    // The file to write: `file` with ".json" / ".txt" added when it has no extension.
    Q_INVOKABLE static QString targetPath(const QUrl &file, const QString &format);
    // Starts the export; false (and failed()) when busy, not logged in or `file` is not local.
    Q_INVOKABLE bool save(const QString &roomId, const QUrl &file, const QString &format = {});

Q_SIGNALS:
    void busyChanged();
    void saved(const QString &path, const QString &format);
    void failed(const QString &message);

private:
    void setBusy(bool busy);

    QPointer<AppState> m_state;
    bool m_busy = false;
};

} // namespace parley::client
