#include "models/ReportListModel.h"

#include "api/ApiClient.h"
#include "api/ApiReply.h"
#include "models/Presentation.h"
#include "state/AppState.h"

namespace parley::client {

ReportListModel::ReportListModel(QObject *parent)
    : PagedListModel(parent)
{}

AppState *ReportListModel::state() const
{
    return AppState::instance();
}

int ReportListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_reports.size());
}

QHash<int, QByteArray> ReportListModel::roleNames() const
{
    return {{ReportIdRole, "reportId"},
            {ReasonRole, "reason"},
            {CreatedAtRole, "createdAt"},
            {ReporterNameRole, "reporterName"},
            {MessageIdRole, "messageId"},
            {RoomIdRole, "roomId"},
            {MessageTypeRole, "messageType"},
            {MessageContentRole, "messageContent"},
            {MessageSenderNameRole, "messageSenderName"},
            {MessageCreatedAtRole, "messageCreatedAt"},
            {MessageDeletedRole, "messageDeleted"}};
}

QVariant ReportListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Report &r = m_reports.at(index.row());
    switch (role) {
    case ReportIdRole:
        return r.id;
    case Qt::DisplayRole:
    case ReasonRole:
        return r.reason;
    case CreatedAtRole:
        return r.createdAt;
    case ReporterNameRole:
        return r.reporter.displayName;
    case MessageIdRole:
        return r.message.id;
    case RoomIdRole:
        return r.message.roomId;
    case MessageTypeRole:
        return messageTypeName(r.message.type);
    case MessageContentRole:
        return r.message.content;
    case MessageSenderNameRole:
        return r.message.sender ? r.message.sender->displayName : QString();
    case MessageCreatedAtRole:
        return r.message.createdAt;
    case MessageDeletedRole:
        return r.message.deleted;
    default:
        return {};
    }
}

void ReportListModel::fetch(bool append)
{
    if (!state())
        return;
    const int generation = beginFetch();
    state()->api()->adminReports(
        append ? nextCursor() : QString(),
        guarded<Result<Page<Report>>>(this, [this, generation, append](Result<Page<Report>> page) {
            applyPage(generation, m_reports, page, append);
        }));
}

void ReportListModel::deleteMessage(const QString &messageId)
{
    state()->api()->deleteMessage(messageId,
                                  guarded<Result<Message>>(this, [this](Result<Message> m) {
                                      if (!m)
                                          return Q_EMIT errorOccurred(reply::describe(m.error()));
                                      for (int i = 0; i < m_reports.size(); ++i) {
                                          if (m_reports.at(i).message.id == m->id) {
                                              m_reports[i].message = *m;
                                              Q_EMIT dataChanged(index(i), index(i));
                                          }
                                      }
                                  }));
}

} // namespace parley::client
