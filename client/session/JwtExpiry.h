#pragma once

#include <QDateTime>
#include <QString>

namespace parley::client {

// The `exp` claim of a JWT, read without verifying the signature (the client only uses it to
// schedule a refresh). Invalid QDateTime when the token has none.
QDateTime jwtExpiry(const QString &token);

} // namespace parley::client
