// scrypt hashing of auth.local: PHC encoding, verification, bounds on stored parameters.
// Cheap parameters (N = 2^10) keep the suite fast; the real cost is measured in bench/kdf.
#include "password_hash.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace streamit::local {
namespace {

const ScryptParams kCheap{10, 8, 1, 16, 32};

TEST(PasswordHash, RoundTripsAndRefusesOtherPasswords) {
  const std::string hash = hashPassword("correct horse battery", kCheap);
  EXPECT_EQ(hash.rfind("$scrypt$ln=10,r=8,p=1$", 0), 0u) << hash;
  EXPECT_TRUE(verifyPassword("correct horse battery", hash));
  EXPECT_FALSE(verifyPassword("correct horse batterY", hash));
  EXPECT_FALSE(verifyPassword("", hash));
  // A fresh salt every time.
  const std::string again = hashPassword("correct horse battery", kCheap);
  EXPECT_NE(again, hash);
  EXPECT_TRUE(verifyPassword("correct horse battery", again));
}

TEST(PasswordHash, ParametersTravelWithTheHash) {
  const std::string hash = hashPassword("pw-0123456789", kCheap);
  const auto params = parseHashParams(hash);
  ASSERT_TRUE(params);
  EXPECT_EQ(*params, kCheap);
  EXPECT_FALSE(needsRehash(hash, kCheap));
  EXPECT_TRUE(needsRehash(hash, ScryptParams{11, 8, 1, 16, 32}));
  EXPECT_TRUE(needsRehash("garbage", kCheap));
}

TEST(PasswordHash, DefaultsAreTheAdrParameters) {
  const ScryptParams defaults;
  EXPECT_EQ(defaults.log2N, 15u);
  EXPECT_EQ(defaults.r, 8u);
  EXPECT_EQ(defaults.p, 3u);
  EXPECT_EQ(defaults.saltBytes, 16u);
  EXPECT_EQ(defaults.keyBytes, 32u);
  EXPECT_EQ(scryptMemoryBytes(defaults), 128ull * 8 * 32768 + 128ull * 8 * 3);
  // The defaults really run (OpenSSL's own 32 MiB maxmem default would refuse them).
  const std::string hash = hashPassword("pw-0123456789", defaults);
  EXPECT_TRUE(verifyPassword("pw-0123456789", hash));
}

TEST(PasswordHash, MalformedOrOutOfBoundsHashesNeverVerify) {
  const std::string good = hashPassword("pw-0123456789", kCheap);
  const auto salt = good.substr(good.find('$', 8) + 1);  // "<salt>$<hash>"
  for (const std::string& bad : std::vector<std::string>{
           std::string(""),
           std::string("$scrypt$"),
           std::string("$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"),
           "$scrypt$ln=10,r=8$" + salt,                    // missing p
           "$scrypt$ln=25,r=8,p=1$" + salt,                // N too large: refused, not allocated
           "$scrypt$ln=10,r=64,p=1$" + salt,               // r too large
           "$scrypt$ln=10,r=8,p=99$" + salt,               // p too large
           "$scrypt$ln=10,r=8,p=1,x=1$" + salt,            // unknown parameter
           "$scrypt$ln=10,r=8,p=1$" + salt.substr(0, 10),  // truncated
           "$scrypt$ln=10,r=8,p=1$!!!!$!!!!",
       }) {
    EXPECT_FALSE(verifyPassword("pw-0123456789", bad)) << bad;
    EXPECT_FALSE(parseHashParams(bad)) << bad;
  }
}

}  // namespace
}  // namespace streamit::local
