#pragma once

#include "protocol/Admin.h"

#include <QAbstractListModel>
#include <QList>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace parley::client {

class AppState;

// Admin: reported messages, newest first, paged.
//
// QML: ReportListModel { id: reports; Component.onCompleted: refresh() }
class ReportListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    Q_PROPERTY(bool hasMore READ hasMore NOTIFY hasMoreChanged)

public:
    enum Role {
        ReportIdRole = Qt::UserRole + 1, // "reportId"
        ReasonRole,                      // "reason": what the reporter wrote
        CreatedAtRole,                   // "createdAt": date of the report
        ReporterNameRole,                // "reporterName": display name
        MessageIdRole,                   // "messageId"
        RoomIdRole,                      // "roomId": room of the message
        MessageTypeRole,                 // "messageType": "text" | "image" | ...
        MessageContentRole,              // "messageContent": text ("" once deleted)
        MessageSenderNameRole,           // "messageSenderName"
        MessageCreatedAtRole,            // "messageCreatedAt": date
        MessageDeletedRole,              // "messageDeleted": bool
    };
    Q_ENUM(Role)

    explicit ReportListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return int(m_reports.size()); }
    bool isLoading() const { return m_loading; }
    bool hasMore() const { return !m_nextCursor.isEmpty(); }

    Q_INVOKABLE void refresh();
    Q_INVOKABLE void loadMore();
    // Moderation: deletes the reported message (the row shows it deleted).
    Q_INVOKABLE void deleteMessage(const QString &messageId);
    Q_INVOKABLE QVariantMap get(int row) const;

Q_SIGNALS:
    void countChanged();
    void loadingChanged();
    void hasMoreChanged();
    void errorOccurred(const QString &message);

private:
    AppState *state() const;
    void fetch(bool append);
    void setLoading(bool loading);

    QList<Report> m_reports;
    QString m_nextCursor;
    bool m_loading = false;
    int m_generation = 0;
};

} // namespace parley::client
