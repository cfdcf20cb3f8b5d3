#include "attachments/UploadReceiver.h"

#include "attachments/FileNames.h"
#include "attachments/FileTypes.h"
#include "service/AuthService.h"

#include <QTemporaryFile>

namespace parley::attachments {
namespace {

// Room for the multipart framing (boundaries, part headers, small extra fields) around a file
// of the maximum size.
constexpr qint64 kMultipartAllowance = 64 * 1024;

Error unsupportedType()
{
    return {ErrorCode::UnsupportedMediaType,
            QStringLiteral("This file type is not accepted (allowed: PNG, JPEG, GIF, WebP, PDF, "
                           "plain text, DOC, DOCX, ODT)"),
            {}};
}

} // namespace

UploadReceiver::UploadReceiver(AttachmentService &service)
    : m_service(service)
{}

UploadReceiver::~UploadReceiver() = default;

qint64 UploadReceiver::maxBodyBytes() const
{
    return m_service.maxUploadBytes() + kMultipartAllowance;
}

Status UploadReceiver::begin(const http::RequestHead &head)
{
    auto user = m_service.auth().authenticate(service::bearerFromHeader(head.authorization));
    if (!user)
        return user.error();
    m_uploader = *user;
    const auto boundary = http::MultipartParser::boundaryFrom(head.contentType);
    if (!boundary)
        return Error{ErrorCode::UnsupportedMediaType,
                     QStringLiteral("Uploads are multipart/form-data with a boundary"),
                     {}};
    http::MultipartParser::Callbacks callbacks;
    callbacks.partBegin = [this](const auto &headers) { return partBegin(headers); };
    callbacks.partData = [this](QByteArrayView bytes) { return partData(bytes); };
    callbacks.partEnd = [this] { return partEnd(); };
    m_parser = std::make_unique<http::MultipartParser>(*boundary, std::move(callbacks));
    return {};
}

Status UploadReceiver::parserStatus() const
{
    using E = http::MultipartParser::Error;
    switch (m_parser->error()) {
    case E::None:
        return {};
    case E::Aborted:
        return m_error.value_or(Error::internal());
    case E::Truncated:
        return Error::badRequest(QStringLiteral("The multipart body ended early"));
    default:
        return Error::badRequest(QStringLiteral("Malformed multipart body"));
    }
}

Status UploadReceiver::feed(QByteArrayView bytes)
{
    m_parser->feed(bytes);
    return parserStatus();
}

bool UploadReceiver::partBegin(const http::MultipartParser::PartHeaders &headers)
{
    if (headers.name != "file")
        return true; // other fields are ignored
    if (m_haveFile) {
        m_error = Error::validation(QStringLiteral("file"), QStringLiteral("Send one file"));
        return false;
    }
    auto file = m_service.blobs().createTemp();
    if (!file) {
        m_error = file.error();
        return false;
    }
    m_file = std::move(*file);
    m_haveFile = true;
    m_inFile = true;
    m_name = sanitizeFileName(headers.fileName);
    return true;
}

bool UploadReceiver::partData(QByteArrayView bytes)
{
    if (!m_inFile)
        return true;
    m_size += bytes.size();
    if (m_size > m_service.maxUploadBytes()) {
        m_error = Error{
            ErrorCode::PayloadTooLarge,
            QStringLiteral("The file is larger than %1 bytes").arg(m_service.maxUploadBytes()),
            {}};
        return false;
    }
    if (m_mime.isEmpty()) {
        m_head.append(bytes.first(qMin(bytes.size(), kSniffBytes - m_head.size())));
        if (m_head.size() >= kSniffBytes && !detectType())
            return false;
    }
    m_hash.addData(bytes);
    if (m_file->write(bytes.data(), bytes.size()) != bytes.size()) {
        m_error = Error::internal(QStringLiteral("Cannot store the upload"));
        return false;
    }
    return true;
}

bool UploadReceiver::partEnd()
{
    if (!m_inFile)
        return true;
    m_inFile = false;
    if (m_size == 0) {
        m_error = Error::validation(QStringLiteral("file"), QStringLiteral("The file is empty"));
        return false;
    }
    return !m_mime.isEmpty() || detectType();
}

bool UploadReceiver::detectType()
{
    const auto type = detectAllowedType(m_head);
    m_head = QByteArray();
    if (!type) {
        m_error = unsupportedType();
        return false;
    }
    m_mime = *type;
    return true;
}

void UploadReceiver::finish(Done done)
{
    m_parser->finish();
    if (Status parsed = parserStatus(); !parsed)
        return done(http::HttpReply::error(parsed.error()));
    if (!m_haveFile)
        return done(http::HttpReply::error(Error::validation(
            QStringLiteral("file"), QStringLiteral("A part named 'file' is required"))));
    if (!m_file->flush()) {
        return done(
            http::HttpReply::error(Error::internal(QStringLiteral("Cannot store the upload"))));
    }
    ReceivedUpload upload{*m_uploader,
                          std::move(m_file),
                          QString::fromLatin1(m_hash.result().toHex()),
                          m_name,
                          m_mime,
                          m_size};
    m_service.store(std::move(upload),
                    [done = std::move(done)](Result<storage::AttachmentRecord> stored) {
                        if (!stored)
                            return done(http::HttpReply::error(stored.error()));
                        done(http::HttpReply::json(stored->toAttachment().toJson(), 201));
                    });
}

} // namespace parley::attachments
