#include "plugins/plugin_clients.h"

#include <exception>

namespace streamit::plugins {

using sdk::toStr;

namespace {

// Shared sink behaviour: copy on the way in, never throw back into the plugin, and treat a
// struct smaller than the V1 layout as a plugin bug (reported, not read).
template <class T>
struct SinkState {
  explicit SinkState(CallResult<T>* r) : result(r) {}
  CallResult<T>* result;
  bool got = false;
  std::string malformed;

  template <class Pod, class Convert>
  void take(const Pod* pod, Convert&& convert) noexcept {
    try {
      if (!sdk::hasV1Layout(pod)) {
        malformed = "plugin returned a malformed struct";
        return;
      }
      convert(*pod);
      got = true;
    } catch (const std::exception& e) {
      malformed = e.what();
    }
  }
  void error(StreamItStr message) noexcept {
    try {
      result->error = sdk::toString(message);
    } catch (...) {
    }
  }
  // Final status: a plugin that says OK but sent nothing (or garbage) is an error.
  void finish(StreamItStatus status, bool needValue) {
    result->status = status;
    if (!malformed.empty()) {
      result->status = STREAMIT_STATUS_ERROR;
      result->error = malformed;
    } else if (status == STREAMIT_STATUS_OK && needValue && !got) {
      result->status = STREAMIT_STATUS_ERROR;
      result->error = "plugin returned OK without a result";
    }
  }
};

class SourceSink final : public sdk::PlaybackSourceSinkV1 {
 public:
  explicit SourceSink(CallResult<sdk::PlaybackSource>& r) : state_(&r) {}
  void source(const StreamItPlaybackSource* s) noexcept override {
    state_.take(s, [&](const auto& pod) { state_.result->value = sdk::fromPod(pod); });
  }
  void error(StreamItStr m) noexcept override { state_.error(m); }
  SinkState<sdk::PlaybackSource> state_;
};

class AvailabilitySink final : public sdk::PlaybackSourceSinkV1 {
 public:
  explicit AvailabilitySink(CallResult<bool>& r) : result_(r) {}
  void source(const StreamItPlaybackSource*) noexcept override {}
  void error(StreamItStr m) noexcept override {
    try {
      result_.error = sdk::toString(m);
    } catch (...) {
    }
  }
  CallResult<bool>& result_;
};

class PrincipalSink final : public sdk::PrincipalSinkV1 {
 public:
  explicit PrincipalSink(CallResult<sdk::Principal>& r) : state_(&r) {}
  void principal(const StreamItPrincipal* p) noexcept override {
    state_.take(p, [&](const auto& pod) { state_.result->value = sdk::fromPod(pod); });
  }
  void error(StreamItStr m) noexcept override { state_.error(m); }
  SinkState<sdk::Principal> state_;
};

class DecisionSink final : public sdk::ModerationSinkV1 {
 public:
  explicit DecisionSink(CallResult<sdk::ModerationDecision>& r) : state_(&r) {}
  void decision(const StreamItModerationDecision* d) noexcept override {
    state_.take(d, [&](const auto& pod) { state_.result->value = sdk::fromPod(pod); });
  }
  void error(StreamItStr m) noexcept override { state_.error(m); }
  SinkState<sdk::ModerationDecision> state_;
};

class ItemsSink final : public sdk::CatalogSinkV1 {
 public:
  explicit ItemsSink(CallResult<sdk::CatalogPage>& r) : state_(&r) {}
  void item(const StreamItCatalogItem* i) noexcept override {
    state_.take(i,
                [&](const auto& pod) { state_.result->value.items.push_back(sdk::fromPod(pod)); });
  }
  void page(uint32_t page, uint32_t totalPages, uint64_t totalResults) noexcept override {
    state_.result->value.page = page;
    state_.result->value.total_pages = totalPages;
    state_.result->value.total_results = totalResults;
  }
  void error(StreamItStr m) noexcept override { state_.error(m); }
  SinkState<sdk::CatalogPage> state_;
};

}  // namespace

CallResult<sdk::PlaybackSource> ProviderClient::resolve(std::string_view reference) const {
  CallResult<sdk::PlaybackSource> result;
  SourceSink sink(result);
  sink.state_.finish(provider_->resolve(toStr(reference), sink), true);
  return result;
}

CallResult<bool> ProviderClient::checkAvailability(std::string_view reference) const {
  CallResult<bool> result;
  AvailabilitySink sink(result);
  result.status = provider_->checkAvailability(toStr(reference), sink);
  result.value = result.ok();
  return result;
}

CallResult<sdk::Principal> AuthClient::authenticate(std::string_view credentialsJson) const {
  CallResult<sdk::Principal> result;
  PrincipalSink sink(result);
  sink.state_.finish(scheme_->authenticate(toStr(credentialsJson), sink), true);
  return result;
}

CallResult<sdk::Principal> AuthClient::validateToken(std::string_view token) const {
  CallResult<sdk::Principal> result;
  PrincipalSink sink(result);
  sink.state_.finish(scheme_->validateToken(toStr(token), sink), true);
  return result;
}

CallResult<sdk::ModerationDecision> ModeratorClient::moderate(
    const sdk::ChatMessage& message) const {
  CallResult<sdk::ModerationDecision> result;
  DecisionSink sink(result);
  StreamItChatMessage pod = sdk::toPod(message);
  sink.state_.finish(moderator_->moderate(&pod, sink), true);
  return result;
}

CallResult<sdk::CatalogPage> CatalogClient::search(const sdk::CatalogQuery& query) const {
  CallResult<sdk::CatalogPage> result;
  ItemsSink sink(result);
  StreamItCatalogQuery pod = sdk::toPod(query);
  sink.state_.finish(catalog_->search(&pod, sink), false);
  return result;
}

CallResult<sdk::CatalogItem> CatalogClient::details(std::string_view id) const {
  CallResult<sdk::CatalogPage> page;
  ItemsSink sink(page);
  sink.state_.finish(catalog_->details(toStr(id), sink), true);
  CallResult<sdk::CatalogItem> result{page.status, page.error, {}};
  if (result.ok() && !page.value.items.empty())
    result.value = page.value.items.front();
  return result;
}

CallResult<std::vector<sdk::CatalogItem>> CatalogClient::episodes(std::string_view id,
                                                                  uint32_t season) const {
  CallResult<sdk::CatalogPage> page;
  ItemsSink sink(page);
  sink.state_.finish(catalog_->episodes(toStr(id), season, sink), false);
  return {page.status, page.error, std::move(page.value.items)};
}

}  // namespace streamit::plugins
