#pragma once

#include "models/PagedListModel.h"

#include "protocol/Admin.h"

#include <QList>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace parley::client {

class AppState;

// Admin: reported messages, newest first, paged.
//
// QML: ReportListModel { id: reports; Component.onCompleted: refresh() }
class ReportListModel : public PagedListModel
{
    Q_OBJECT
    QML_ELEMENT
    // count, loading, hasMore, refresh(), loadMore(), get(row), errorOccurred: PagedListModel

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
    // Moderation: deletes the reported message (the row shows it deleted).
    Q_INVOKABLE void deleteMessage(const QString &messageId);

private:
    AppState *state() const;
    void fetch(bool append) override;

    QList<Report> m_reports;
};

} // namespace parley::client
