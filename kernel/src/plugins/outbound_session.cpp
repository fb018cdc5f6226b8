#include "plugins/outbound_session.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>

namespace streamit::plugins {
namespace {

// Modern ciphers only; OpenSSL's own list minus anonymous and weak suites.
constexpr const char* kCipherList = "HIGH:!aNULL:!eNULL:!MD5:!RC4:!3DES";
constexpr int kVerificationDepth = 9;

void initializeSslOnce() {
  static std::once_flag once;
  std::call_once(once, [] { Poco::Net::initializeSSL(); });
}

}  // namespace

Poco::Net::Context::Ptr OutboundSessionFactory::tlsContext() {
  std::lock_guard lock(mutex_);
  if (tls_.isNull()) {
    initializeSslOnce();
    tls_ = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                  Poco::Net::Context::VERIFY_STRICT, kVerificationDepth,
                                  /*loadDefaultCAs=*/true, kCipherList);
    tls_->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    tls_->enableExtendedCertificateVerification(true);
  }
  return tls_;
}

std::unique_ptr<Poco::Net::HTTPClientSession> OutboundSessionFactory::open(const Poco::URI& uri) {
  if (uri.getScheme() == "http") {
    return std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
  }
  if (uri.getScheme() == "https") {
    return std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(),
                                                           tlsContext());
  }
  throw Poco::InvalidArgumentException("only http:// and https:// URLs are supported");
}

}  // namespace streamit::plugins
