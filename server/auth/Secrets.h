#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace parley::auth {

// Shortest signing secret loadOrCreateSecret() accepts (HS256 wants at least the hash size).
inline constexpr qsizetype MinSecretBytes = 32;

// The server's signing secret, kept in a file of base64 text with mode 0600.
// - The file exists: a group/world-accessible file is chmod-ed to 0600 (with a warning), then its
//   decoded bytes are returned; it must hold valid base64 of at least MinSecretBytes bytes.
// - It does not: 48 random bytes are written to it atomically, never readable by others, even
//   briefly; missing parent directories are created with mode 0700.
// On failure returns nullopt and, if `error` is given, says why (never showing the secret).
std::optional<QByteArray> loadOrCreateSecret(const QString &path, QString *error);

// The raw bytes of environment variable `var` (e.g. "PARLEY_JWT_SECRET"); empty when unset.
QByteArray secretFromEnvironment(const char *var);

} // namespace parley::auth
