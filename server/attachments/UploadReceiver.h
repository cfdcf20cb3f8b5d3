#pragma once

#include "attachments/AttachmentService.h"
#include "http/BodyTaker.h"
#include "http/MultipartParser.h"

#include <QCryptographicHash>

#include <optional>

namespace parley::attachments {

// The body of one POST /api/chat/uploads/, taken from the HTTP edge as it arrives: the bearer
// token is checked before any body byte is read, the multipart/form-data body is parsed as it
// streams, the `file` part goes to a temporary file (hashed on the way) and its type is detected
// from its first bytes (415 as soon as they show a type not allowed). Nothing but the current
// piece and the first kSniffBytes are held in memory.
class UploadReceiver final : public http::BodyTaker
{
public:
    explicit UploadReceiver(AttachmentService &service);
    ~UploadReceiver() override;

    qint64 maxBodyBytes() const override;
    Status begin(const http::RequestHead &head) override;
    Status feed(QByteArrayView bytes) override;
    void finish(Done done) override;

private:
    bool partBegin(const http::MultipartParser::PartHeaders &headers);
    bool partData(QByteArrayView bytes);
    bool partEnd();
    bool detectType();
    Status parserStatus() const;

    AttachmentService &m_service;
    std::optional<User> m_uploader;
    std::unique_ptr<http::MultipartParser> m_parser;
    std::unique_ptr<QTemporaryFile> m_file;
    QCryptographicHash m_hash{QCryptographicHash::Sha256};
    QByteArray m_head; // the first bytes, for type detection
    QString m_name;
    QString m_mime;
    qint64 m_size = 0;
    bool m_inFile = false; // inside the `file` part
    bool m_haveFile = false;
    std::optional<Error> m_error; // why a callback stopped the parser
};

} // namespace parley::attachments
