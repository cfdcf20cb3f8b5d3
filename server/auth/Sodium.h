#pragma once

namespace parley::auth {

// Initializes libsodium once per process (thread-safe). Aborts if libsodium cannot start: without
// it there is no safe randomness and no password hashing.
void ensureSodium();

} // namespace parley::auth
