#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/URI.h>

#include <memory>
#include <mutex>

namespace streamit::plugins {

// Opens client sessions for plugins' outbound HTTP: plain for http://, TLS for https:// with
// the server's certificate chain AND host name verified (VERIFY_STRICT, also for localhost)
// against OpenSSL's default trust store (which honours SSL_CERT_FILE / SSL_CERT_DIR). A
// certificate that does not verify fails the request; there is no switch to turn that off.
// Thread-safe; the TLS context is created on first use and shared by this opener's sessions.
class OutboundSessionFactory {
 public:
  // Throws Poco::Exception for an unsupported scheme (the caller turns it into a plugin error).
  std::unique_ptr<Poco::Net::HTTPClientSession> open(const Poco::URI& uri);

 private:
  Poco::Net::Context::Ptr tlsContext();

  std::mutex mutex_;
  Poco::Net::Context::Ptr tls_;
};

}  // namespace streamit::plugins
