// Random guest identities.
#pragma once

#include <string>

namespace streamit::guest {

// "guest:<uuid v4>" from OpenSSL's CSPRNG (RAND_bytes, seeded from the OS). Not
// std::random_device: the standard lets it be a deterministic engine, and a guessable subject
// would let one guest predict another's id. Throws std::runtime_error when the CSPRNG fails.
// Thread-safe (OpenSSL ≥ 1.1 locks its RNG).
std::string newGuestSubject();

}  // namespace streamit::guest
