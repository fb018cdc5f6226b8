// Role interface for STREAMIT_KIND_AUTH, interface version 1.
#pragma once

#include "streamit/sdk/abi.h"
#include "streamit/sdk/host_v1.h"

namespace streamit::sdk {

// Receives the authenticated principal (borrowed for the call). Implemented by the kernel.
class PrincipalSinkV1 {
 public:
  virtual void principal(const StreamItPrincipal* principal) noexcept = 0;
  virtual void error(StreamItStr message) noexcept = 0;

 protected:
  virtual ~PrincipalSinkV1() = default;
};

// Ownership: the plugin's. Lifetime: create → destroy. Thread safety: concurrent calls allowed.
class AuthSchemeV1 {
 public:
  static constexpr StreamItPluginKind kKind = STREAMIT_KIND_AUTH;
  static constexpr uint32_t kInterfaceVersion = 1;

  // Credentials (scheme-defined JSON, e.g. {"username","password"}) → principal. DENIED on
  // bad credentials.
  virtual StreamItStatus authenticate(StreamItStr credentials_json,
                                      PrincipalSinkV1& out) noexcept = 0;
  // A token this scheme issued → principal with its scopes. DENIED when invalid or expired.
  virtual StreamItStatus validateToken(StreamItStr token, PrincipalSinkV1& out) noexcept = 0;

 protected:
  virtual ~AuthSchemeV1() = default;
};

}  // namespace streamit::sdk
