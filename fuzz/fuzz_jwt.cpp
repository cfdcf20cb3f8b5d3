// The JWT verifier on arbitrary tokens, and on tokens whose header and payload are arbitrary
// but correctly signed (so the claim parsing behind the signature check is reached too).
//
// Input: a mode byte, then the token (mode 0) or "header\npayload" JSON to sign (mode 1).
#include "FuzzApp.h"

#include "auth/Jwt.h"

#include <sodium.h>

#include <cstdlib>

using namespace parley;

namespace {

const QByteArray kSecret(32, 's');

QByteArray b64url(const QByteArray &in)
{
    return in.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray signedToken(const QByteArray &header, const QByteArray &payload)
{
    const QByteArray input = b64url(header) + '.' + b64url(payload);
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char *>(kSecret.data()),
                                std::size_t(kSecret.size()));
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char *>(input.data()),
                                  std::size_t(input.size()));
    crypto_auth_hmacsha256_final(&state, mac);
    return input + '.' + b64url(QByteArray(reinterpret_cast<const char *>(mac), sizeof mac));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    static const bool ready = sodium_init() >= 0;
    if (!ready)
        std::abort();
    const QByteArray rest = fuzz::bytes(data + 1, size - 1);
    const qint64 now = 1'800'000'000;
    if (data[0] % 2 == 0) {
        const auto result = auth::verifyJwt(rest, kSecret, now);
        if (const auto *claims = std::get_if<auth::JwtClaims>(&result)) {
            // Accepted tokens have what the server relies on.
            if (claims->sub.isEmpty() || claims->exp + 30 <= now)
                std::abort();
        }
        return 0;
    }
    const qsizetype newline = rest.indexOf('\n');
    const QByteArray header = newline < 0 ? rest : rest.first(newline);
    const QByteArray payload = newline < 0 ? QByteArray() : rest.sliced(newline + 1);
    const auto result = auth::verifyJwt(signedToken(header, payload), kSecret, now);
    if (const auto *claims = std::get_if<auth::JwtClaims>(&result)) {
        if (claims->sub.isEmpty() || claims->exp + 30 <= now)
            std::abort();
        // What we sign, we accept with the same claims.
        const auto again = auth::verifyJwt(auth::signJwt(*claims, kSecret), kSecret, now);
        const auto *same = std::get_if<auth::JwtClaims>(&again);
        if (!same || *same != *claims)
            std::abort();
    }
    return 0;
}
