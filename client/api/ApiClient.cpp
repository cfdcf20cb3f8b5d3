#include "api/ApiClient.h"

#include "api/ApiReply.h"
#include "state/ClientLogging.h"

#include "protocol/JsonFields.h"

#include <QFile>
#include <QFileInfo>
#include <QHttpMultiPart>
#include <QJsonArray>
#include <QMimeDatabase>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSaveFile>
#include <QUrlQuery>

#include <memory>

using namespace Qt::StringLiterals;

namespace parley::client {

namespace {
constexpr int kTransferTimeoutMs = 30000;

QString roomPath(const QString &roomId, const QString &tail = {})
{
    return u"/api/chat/rooms/"_s + QString::fromLatin1(QUrl::toPercentEncoding(roomId)) + u'/' +
           tail;
}

QString messagePath(const QString &messageId, const QString &tail = {})
{
    return u"/api/chat/messages/"_s + QString::fromLatin1(QUrl::toPercentEncoding(messageId)) +
           u'/' + tail;
}

QString withQuery(const QString &path, const QUrlQuery &query)
{
    return query.isEmpty() ? path : path + u'?' + query.toString(QUrl::FullyEncoded);
}

// The paging items of a list request: `cursor` unless empty, `limit` unless 0 (server default).
void addPage(QUrlQuery &query, const QString &cursor, int limit)
{
    if (!cursor.isEmpty())
        query.addQueryItem(u"cursor"_s, cursor);
    if (limit > 0)
        query.addQueryItem(u"limit"_s, QString::number(limit));
}

template<typename T>
std::function<void(Result<QJsonValue>)> asObject(Done<T> done)
{
    return [done = std::move(done)](Result<QJsonValue> value) { done(reply::object<T>(value)); };
}

std::function<void(Result<QJsonValue>)> asStatus(DoneStatus done)
{
    return [done = std::move(done)](Result<QJsonValue> value) {
        done(value ? Status::success() : Status(value.error()));
    };
}

template<typename T>
std::function<void(Result<QJsonValue>)> asPage(Done<Page<T>> done)
{
    return [done = std::move(done)](Result<QJsonValue> value) {
        Page<T> page;
        auto results = reply::results<T>(value, &page.nextCursor);
        if (!results)
            return done(results.error());
        page.results = std::move(*results);
        done(std::move(page));
    };
}

template<typename T>
std::function<void(Result<QJsonValue>)> asResults(Done<QList<T>> done)
{
    return [done = std::move(done)](Result<QJsonValue> value) { done(reply::results<T>(value)); };
}
} // namespace

struct ApiClient::Call
{
    QByteArray method;
    QString path;
    QByteArray body;
    bool authed = true;
    bool retried = false;
    RawDone done;
};

ApiClient::ApiClient(QObject *parent)
    : QObject(parent)
    , m_nam(new QNetworkAccessManager(this))
    , m_baseUrl(QUrl(u"http://127.0.0.1:8080"_s))
{
    m_nam->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
}

ApiClient::~ApiClient() = default;

void ApiClient::setBaseUrl(const QUrl &url)
{
    m_baseUrl = url.adjusted(QUrl::StripTrailingSlash);
}

QUrl ApiClient::resolve(const QString &path) const
{
    if (path.startsWith(u"http://"_s) || path.startsWith(u"https://"_s))
        return QUrl(path);
    QUrl url = m_baseUrl;
    const qsizetype q = path.indexOf(u'?');
    url.setPath(m_baseUrl.path() + (q < 0 ? path : path.left(q)), QUrl::TolerantMode);
    if (q >= 0)
        url.setQuery(path.mid(q + 1), QUrl::TolerantMode);
    return url;
}

QNetworkRequest ApiClient::request(const QString &path, bool authed) const
{
    QNetworkRequest req(resolve(path));
    req.setTransferTimeout(kTransferTimeoutMs);
    req.setRawHeader("Accept", "application/json");
    if (authed && !m_accessToken.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + m_accessToken.toLatin1());
    return req;
}

void ApiClient::send(const QByteArray &method, const QString &path, const QJsonObject &body,
                     bool authed, RawDone done)
{
    auto call = std::make_shared<Call>();
    call->method = method;
    call->path = path;
    if (method != "GET" && method != "DELETE")
        call->body = json::compact(body);
    call->authed = authed;
    call->done = std::move(done);
    dispatch(std::move(call));
}

void ApiClient::dispatch(std::shared_ptr<Call> call)
{
    QNetworkRequest req = request(call->path, call->authed);
    if (!call->body.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *r = m_nam->sendCustomRequest(req, call->method, call->body);
    connect(r, &QNetworkReply::finished, this, [this, r, call] {
        r->deleteLater();
        const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        qCDebug(lcClientApi) << call->method << call->path << status;
        if (status == 401 && call->authed && !call->retried && m_refresher) {
            call->retried = true;
            m_refresher([this, call](bool refreshed) {
                if (refreshed)
                    dispatch(call);
                else
                    call->done(Error::unauthorized(u"Your session has expired"_s));
            });
            return;
        }
        call->done(reply::decode(r));
    });
}

// Auth

void ApiClient::registerAccount(const RegisterRequest &req, Done<TokenPair> done)
{
    send("POST", u"/api/auth/register/"_s, req.toJson(), false, asObject(std::move(done)));
}

void ApiClient::login(const LoginRequest &req, Done<TokenPair> done)
{
    send("POST", u"/api/auth/login/"_s, req.toJson(), false, asObject(std::move(done)));
}

void ApiClient::refresh(const QString &refreshToken, Done<TokenPair> done)
{
    send("POST", u"/api/auth/refresh/"_s, RefreshRequest{refreshToken}.toJson(), false,
         asObject(std::move(done)));
}

void ApiClient::logout(const QString &refreshToken, DoneStatus done)
{
    send("POST", u"/api/auth/logout/"_s, RefreshRequest{refreshToken}.toJson(), false,
         asStatus(std::move(done)));
}

void ApiClient::me(Done<User> done)
{
    send("GET", u"/api/me/"_s, {}, true, asObject(std::move(done)));
}

// Rooms

void ApiClient::listRooms(const RoomQuery &query, Done<Page<Room>> done)
{
    QUrlQuery q;
    if (query.archived)
        q.addQueryItem(u"archived"_s, *query.archived ? u"true"_s : u"false"_s);
    if (!query.status.isEmpty())
        q.addQueryItem(u"status"_s, query.status);
    if (!query.kind.isEmpty())
        q.addQueryItem(u"kind"_s, query.kind);
    if (query.scopeAll)
        q.addQueryItem(u"scope"_s, u"all"_s);
    q.addQueryItem(u"limit"_s, QString::number(query.limit));
    if (!query.cursor.isEmpty())
        q.addQueryItem(u"cursor"_s, query.cursor);
    send("GET", withQuery(u"/api/chat/rooms/"_s, q), {}, true, asPage<Room>(std::move(done)));
}

void ApiClient::createRoom(const CreateRoomRequest &req, Done<Room> done)
{
    send("POST", u"/api/chat/rooms/"_s, req.toJson(), true, asObject(std::move(done)));
}

void ApiClient::room(const QString &roomId, Done<Room> done)
{
    send("GET", roomPath(roomId), {}, true, asObject(std::move(done)));
}

void ApiClient::joinRoom(const QString &roomId, Done<Room> done)
{
    send("POST", roomPath(roomId, u"join/"_s), {}, true, asObject(std::move(done)));
}

void ApiClient::assignRoom(const QString &roomId, const QString &assigneeId, Done<Room> done)
{
    send("POST", roomPath(roomId, u"assign/"_s), AssignRequest{assigneeId}.toJson(), true,
         asObject(std::move(done)));
}

void ApiClient::setAvailability(bool away, Done<StaffState> done)
{
    AvailabilityRequest request;
    request.availability = away ? Availability::Away : Availability::Available;
    send("POST", u"/api/desk/availability/"_s, request.toJson(), true, asObject(std::move(done)));
}

void ApiClient::leaveRoom(const QString &roomId, DoneStatus done)
{
    send("POST", roomPath(roomId, u"leave/"_s), {}, true, asStatus(std::move(done)));
}

void ApiClient::closeRoom(const QString &roomId, Done<Room> done)
{
    send("POST", roomPath(roomId, u"close/"_s), {}, true, asObject(std::move(done)));
}

void ApiClient::reopenRoom(const QString &roomId, Done<Room> done)
{
    send("POST", roomPath(roomId, u"reopen/"_s), {}, true, asObject(std::move(done)));
}

void ApiClient::setMuted(const QString &roomId, bool muted, Done<Room> done)
{
    send("POST", roomPath(roomId, u"mute/"_s), FlagRequest{muted}.toJson(u"muted"_s), true,
         asObject(std::move(done)));
}

void ApiClient::setArchived(const QString &roomId, bool archived, Done<Room> done)
{
    send("POST", roomPath(roomId, u"archive/"_s), FlagRequest{archived}.toJson(u"archived"_s), true,
         asObject(std::move(done)));
}

void ApiClient::markRead(const QString &roomId, std::optional<qint64> upToSeq, Done<ReadState> done)
{
    send("POST", roomPath(roomId, u"mark-read/"_s), MarkReadRequest{upToSeq}.toJson(), true,
         [done = std::move(done)](Result<QJsonValue> value) {
             if (!value)
                 return done(value.error());
             const auto obj = value->toObject();
             done(ReadState{obj.value(u"read_seq"_s).toInteger(),
                            obj.value(u"unread_count"_s).toInteger()});
         });
}

void ApiClient::unreadCount(Done<UnreadCounts> done)
{
    send("GET", u"/api/chat/unread-count/"_s, {}, true,
         [done = std::move(done)](Result<QJsonValue> value) {
             if (!value)
                 return done(value.error());
             const auto obj = value->toObject();
             UnreadCounts counts;
             counts.total = obj.value(u"total"_s).toInteger();
             const auto rooms = obj.value(u"rooms"_s).toObject();
             for (auto it = rooms.begin(); it != rooms.end(); ++it)
                 counts.rooms.insert(it.key(), it.value().toInteger());
             done(std::move(counts));
         });
}

void ApiClient::activeRooms(Done<QList<Room>> done)
{
    send("GET", u"/api/chat/active-rooms/"_s, {}, true, asResults<Room>(std::move(done)));
}

void ApiClient::onlineStaff(Done<QList<User>> done)
{
    send("GET", u"/api/chat/online-staff/"_s, {}, true,
         [done = std::move(done)](Result<QJsonValue> value) {
             if (!value)
                 return done(value.error());
             done(reply::list<User>(value->toArray()));
         });
}

// Messages

void ApiClient::history(const QString &roomId, const HistoryQuery &query, Done<MessagePage> done)
{
    QUrlQuery q;
    if (query.before)
        q.addQueryItem(u"before"_s, QString::number(*query.before));
    if (query.after)
        q.addQueryItem(u"after"_s, QString::number(*query.after));
    q.addQueryItem(u"limit"_s, QString::number(query.limit));
    send("GET", withQuery(roomPath(roomId, u"messages/"_s), q), {}, true,
         [done = std::move(done)](Result<QJsonValue> value) {
             auto messages = reply::results<Message>(value);
             if (!messages)
                 return done(messages.error());
             done(MessagePage{std::move(*messages),
                              value->toObject().value(u"has_more"_s).toBool()});
         });
}

void ApiClient::sendMessage(const QString &roomId, const SendMessageRequest &req,
                            Done<Message> done)
{
    send("POST", roomPath(roomId, u"messages/"_s), req.toJson(), true, asObject(std::move(done)));
}

void ApiClient::editMessage(const QString &messageId, const QString &content, Done<Message> done)
{
    send("PATCH", messagePath(messageId), EditMessageRequest{content}.toJson(), true,
         asObject(std::move(done)));
}

void ApiClient::deleteMessage(const QString &messageId, Done<Message> done)
{
    send("DELETE", messagePath(messageId), {}, true, asObject(std::move(done)));
}

void ApiClient::reportMessage(const QString &messageId, const QString &reason, DoneStatus done)
{
    send("POST", messagePath(messageId, u"report/"_s), ReportRequest{reason}.toJson(), true,
         asStatus(std::move(done)));
}

void ApiClient::search(const QString &words, const QString &roomId, int limit,
                       Done<QList<Message>> done)
{
    QUrlQuery q;
    q.addQueryItem(u"q"_s, words);
    if (!roomId.isEmpty())
        q.addQueryItem(u"room"_s, roomId);
    if (limit > 0)
        q.addQueryItem(u"limit"_s, QString::number(limit));
    send("GET", withQuery(u"/api/chat/search/"_s, q), {}, true,
         asResults<Message>(std::move(done)));
}

// Files

QNetworkReply *ApiClient::upload(const QString &localPath, Done<Attachment> done, Progress progress)
{
    auto *file = new QFile(localPath);
    if (!file->open(QIODevice::ReadOnly)) {
        const QString why = file->errorString();
        delete file;
        done(Error::badRequest(u"Cannot read %1: %2"_s.arg(localPath, why)));
        return nullptr;
    }
    auto *multi = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    QHttpPart part;
    QString name = QFileInfo(localPath).fileName();
    name.replace(u'"', u'_');
    part.setHeader(QNetworkRequest::ContentDispositionHeader,
                   QString(u"form-data; name=\"file\"; filename=\""_s + name + u'"').toUtf8());
    part.setHeader(QNetworkRequest::ContentTypeHeader,
                   QMimeDatabase().mimeTypeForFile(localPath).name().toLatin1());
    part.setBodyDevice(file);
    file->setParent(multi);
    multi->append(part);

    QNetworkReply *r = m_nam->post(request(u"/api/chat/uploads/"_s, true), multi);
    multi->setParent(r);
    if (progress)
        connect(r, &QNetworkReply::uploadProgress, this, progress);
    const qint64 fileSize = file->size();
    connect(r, &QNetworkReply::finished, this, [r, fileSize, progress, done = std::move(done)] {
        r->deleteLater();
        auto value = reply::decode(r);
        if (!value)
            return done(value.error());
        // The server answers once it has every byte; QNetworkAccessManager may not report the
        // last uploadProgress before `finished` when the answer closes the connection.
        if (progress)
            progress(fileSize, fileSize);
        auto obj = value->toObject();
        // The upload answer has no url: it is the file route of the id.
        if (!obj.contains(u"url"_s))
            obj.insert(u"url"_s, u"/api/chat/files/"_s + obj.value(u"id"_s).toString());
        done(Attachment::fromJson(obj));
    });
    return r;
}

QNetworkReply *ApiClient::download(const QString &path, const QString &targetPath, DoneStatus done,
                                   Progress progress)
{
    auto file = std::make_shared<QSaveFile>(targetPath);
    if (!file->open(QIODevice::WriteOnly)) {
        done(Error::internal(u"Cannot write %1: %2"_s.arg(targetPath, file->errorString())));
        return nullptr;
    }
    QNetworkReply *r = m_nam->get(request(path, true));
    connect(r, &QNetworkReply::readyRead, this, [r, file] {
        const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status >= 200 && status < 300)
            file->write(r->readAll());
    });
    if (progress)
        connect(r, &QNetworkReply::downloadProgress, this, progress);
    connect(r, &QNetworkReply::finished, this, [r, file, done = std::move(done)] {
        r->deleteLater();
        const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status < 200 || status >= 300) {
            file->cancelWriting();
            return done(reply::errorOf(status, r->readAll(),
                                       r->error() == QNetworkReply::NoError ? QString()
                                                                            : r->errorString()));
        }
        file->write(r->readAll());
        if (r->error() != QNetworkReply::NoError) {
            file->cancelWriting();
            return done(Error{ErrorCode::Unavailable, r->errorString(), {}});
        }
        if (!file->commit())
            return done(Error::internal(file->errorString()));
        done(Status::success());
    });
    return r;
}

// Admin

void ApiClient::adminUsers(const QString &query, const QString &cursor, int limit,
                           Done<Page<AdminUser>> done)
{
    QUrlQuery q;
    if (!query.isEmpty())
        q.addQueryItem(u"q"_s, query);
    addPage(q, cursor, limit);
    send("GET", withQuery(u"/api/admin/users/"_s, q), {}, true, asPage<AdminUser>(std::move(done)));
}

void ApiClient::adminCreateUser(const AdminCreateUserRequest &req, Done<User> done)
{
    send("POST", u"/api/admin/users/"_s, req.toJson(), true, asObject(std::move(done)));
}

void ApiClient::adminUpdateUser(const QString &userId, const AdminUpdateUserRequest &req,
                                Done<AdminUser> done)
{
    send("PATCH",
         u"/api/admin/users/"_s + QString::fromLatin1(QUrl::toPercentEncoding(userId)) + u'/',
         req.toJson(), true, asObject(std::move(done)));
}

void ApiClient::adminReports(const QString &cursor, Done<Page<Report>> done)
{
    QUrlQuery q;
    addPage(q, cursor, 0);
    send("GET", withQuery(u"/api/admin/reports/"_s, q), {}, true, asPage<Report>(std::move(done)));
}

void ApiClient::adminStats(Done<ServerStats> done)
{
    send("GET", u"/api/admin/stats/"_s, {}, true, asObject(std::move(done)));
}

// Support desk

void ApiClient::cannedResponses(const QString &prefix, Done<QList<CannedResponse>> done)
{
    QUrlQuery q;
    if (!prefix.isEmpty())
        q.addQueryItem(u"q"_s, prefix);
    send("GET", withQuery(u"/api/chat/canned/"_s, q), {}, true,
         asResults<CannedResponse>(std::move(done)));
}

void ApiClient::createCanned(const CannedRequest &req, Done<CannedResponse> done)
{
    send("POST", u"/api/chat/canned/"_s, req.toJson(), true, asObject(std::move(done)));
}

void ApiClient::updateCanned(const QString &id, const CannedRequest &req, Done<CannedResponse> done)
{
    send("PATCH", u"/api/chat/canned/"_s + QString::fromLatin1(QUrl::toPercentEncoding(id)) + u'/',
         req.toJson(), true, asObject(std::move(done)));
}

void ApiClient::deleteCanned(const QString &id, DoneStatus done)
{
    send("DELETE", u"/api/chat/canned/"_s + QString::fromLatin1(QUrl::toPercentEncoding(id)) + u'/',
         {}, true, asStatus(std::move(done)));
}

void ApiClient::renderCanned(const QString &roomId, const QString &id, Done<QString> done)
{
    send("GET",
         roomPath(roomId,
                  u"canned/"_s + QString::fromLatin1(QUrl::toPercentEncoding(id)) + u"/render/"_s),
         {}, true, [done = std::move(done)](Result<QJsonValue> value) {
             if (!value)
                 return done(value.error());
             auto text = json::requireString(value->toObject(), u"text"_s);
             if (!text)
                 return done(Error::internal(text.error().message));
             done(*text);
         });
}

void ApiClient::rateRoom(const QString &roomId, const RateRequest &req, Done<Rating> done)
{
    send("POST", roomPath(roomId, u"rating/"_s), req.toJson(), true, asObject(std::move(done)));
}

void ApiClient::roomRatings(const QString &roomId, Done<QList<Rating>> done)
{
    send("GET", roomPath(roomId, u"ratings/"_s), {}, true, asResults<Rating>(std::move(done)));
}

QNetworkReply *ApiClient::exportTranscript(const QString &roomId, const QString &format,
                                           const QString &targetPath, DoneStatus done)
{
    QUrlQuery q;
    q.addQueryItem(u"format"_s, format);
    return download(withQuery(roomPath(roomId, u"transcript/"_s), q), targetPath, std::move(done));
}

// Support desk: assignment (ui-assign)

void ApiClient::deskStaff(Done<DeskStaff> done)
{
    send("GET", u"/api/desk/staff/"_s, {}, true,
         [done = std::move(done)](Result<QJsonValue> value) {
             auto staff = reply::results<StaffState>(value);
             if (!staff)
                 return done(staff.error());
             done(DeskStaff{std::move(*staff), value->toObject().value(u"capacity"_s).toInt()});
         });
}

void ApiClient::deskSettings(Done<DeskSettingsJson> done)
{
    send("GET", u"/api/admin/desk/"_s, {}, true, asObject(std::move(done)));
}

void ApiClient::updateDeskSettings(const DeskSettingsJson &change, Done<DeskSettingsJson> done)
{
    send("PATCH", u"/api/admin/desk/"_s, change.toJson(), true, asObject(std::move(done)));
}

// ui-admin: integration API keys and webhooks.
namespace {
QString adminPath(const QString &collection, const QString &id = {}, const QString &tail = {})
{
    QString path = u"/api/admin/"_s + collection;
    if (!id.isEmpty())
        path += u'/' + QString::fromLatin1(QUrl::toPercentEncoding(id));
    return tail.isEmpty() ? path : path + u'/' + tail;
}
} // namespace

void ApiClient::apiKeys(Done<QList<ApiKey>> done)
{
    send("GET", adminPath(u"api-keys"_s), {}, true, asResults<ApiKey>(std::move(done)));
}

void ApiClient::createApiKey(const CreateApiKeyRequest &req, Done<CreatedApiKey> done)
{
    send("POST", adminPath(u"api-keys"_s), req.toJson(), true, asObject(std::move(done)));
}

void ApiClient::revokeApiKey(const QString &keyId, Done<ApiKey> done)
{
    send("POST", adminPath(u"api-keys"_s, keyId, u"revoke"_s), {}, true, asObject(std::move(done)));
}

void ApiClient::webhooks(Done<QList<WebhookEndpoint>> done)
{
    send("GET", adminPath(u"webhooks"_s), {}, true, asResults<WebhookEndpoint>(std::move(done)));
}

void ApiClient::createWebhook(const CreateWebhookRequest &req, Done<WebhookEndpoint> done)
{
    send("POST", adminPath(u"webhooks"_s), req.toJson(), true, asObject(std::move(done)));
}

void ApiClient::updateWebhook(const QString &webhookId, const UpdateWebhookRequest &req,
                              Done<WebhookEndpoint> done)
{
    send("PATCH", adminPath(u"webhooks"_s, webhookId), req.toJson(), true,
         asObject(std::move(done)));
}

void ApiClient::testWebhook(const QString &webhookId, Done<WebhookDelivery> done)
{
    send("POST", adminPath(u"webhooks"_s, webhookId, u"test"_s), {}, true,
         asObject(std::move(done)));
}

void ApiClient::webhookDeliveries(const QString &webhookId, const QString &cursor, int limit,
                                  Done<Page<WebhookDelivery>> done)
{
    QUrlQuery q;
    if (!webhookId.isEmpty())
        q.addQueryItem(u"webhook_id"_s, webhookId);
    addPage(q, cursor, limit);
    send("GET", withQuery(adminPath(u"webhook-deliveries"_s), q), {}, true,
         asPage<WebhookDelivery>(std::move(done)));
}

void ApiClient::redeliverWebhook(const QString &deliveryId, Done<WebhookDelivery> done)
{
    send("POST", adminPath(u"webhook-deliveries"_s, deliveryId, u"redeliver"_s), {}, true,
         asObject(std::move(done)));
}

// Support desk: private staff notes (ui-notes)

void ApiClient::notes(const QString &roomId, Done<QList<Note>> done)
{
    send("GET", roomPath(roomId, u"notes/"_s), {}, true, asResults<Note>(std::move(done)));
}

void ApiClient::addNote(const QString &roomId, const QString &content, Done<Note> done)
{
    send("POST", roomPath(roomId, u"notes/"_s), CreateNoteRequest{content}.toJson(), true,
         asObject(std::move(done)));
}

} // namespace parley::client
