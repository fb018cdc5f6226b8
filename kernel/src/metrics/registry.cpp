#include "metrics/registry.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace streamit::metrics {
namespace {

std::string escapeLabelValue(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"')
      out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string renderLabels(const Labels& labels, const std::string& extraKey = {},
                         const std::string& extraValue = {}) {
  if (labels.empty() && extraKey.empty())
    return {};
  std::string out = "{";
  bool first = true;
  for (const auto& [key, value] : labels) {
    if (!first)
      out += ',';
    first = false;
    out += key + "=\"" + escapeLabelValue(value) + "\"";
  }
  if (!extraKey.empty()) {
    if (!first)
      out += ',';
    out += extraKey + "=\"" + extraValue + "\"";
  }
  return out + "}";
}

std::string formatBound(double bound) {
  std::ostringstream out;
  out << bound;
  return out.str();
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {
  if (!std::is_sorted(bounds_.begin(), bounds_.end())) {
    throw std::invalid_argument("histogram bounds must be sorted");
  }
}

void Histogram::observe(double value) {
  const auto it = std::lower_bound(bounds_.begin(), bounds_.end(), value);
  buckets_[static_cast<std::size_t>(it - bounds_.begin())].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  const double micros = std::max(0.0, value) * 1e6;
  sumMicros_.fetch_add(static_cast<std::uint64_t>(std::llround(micros)), std::memory_order_relaxed);
}

std::vector<std::uint64_t> Histogram::bucketCounts() const {
  std::vector<std::uint64_t> out(bounds_.size() + 1);
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = buckets_[i].load(std::memory_order_relaxed);
  return out;
}

double Histogram::sum() const {
  return static_cast<double>(sumMicros_.load(std::memory_order_relaxed)) / 1e6;
}

std::vector<double> latencyBuckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

Registry::Family& Registry::family(const std::string& name, const std::string& help, Type type) {
  auto [it, inserted] = families_.try_emplace(name);
  if (inserted) {
    it->second.type = type;
    it->second.help = help;
  } else if (it->second.type != type) {
    throw std::logic_error("metric " + name + " registered with two types");
  }
  return it->second;
}

Counter& Registry::counter(const std::string& name, const std::string& help, const Labels& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = family(name, help, Type::kCounter).counters[labels];
  if (!slot)
    slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& Registry::gauge(const std::string& name, const std::string& help, const Labels& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = family(name, help, Type::kGauge).gauges[labels];
  if (!slot)
    slot = std::make_unique<Gauge>();
  return *slot;
}

Histogram& Registry::histogram(const std::string& name, const std::string& help,
                               const Labels& labels, const std::vector<double>& bounds) {
  std::lock_guard lock(mutex_);
  auto& slot = family(name, help, Type::kHistogram).histograms[labels];
  if (!slot)
    slot = std::make_unique<Histogram>(bounds);
  return *slot;
}

void Registry::addCollector(std::function<void()> collector) {
  std::lock_guard lock(mutex_);
  collectors_.push_back(std::move(collector));
}

std::string Registry::renderPrometheus() const {
  std::vector<std::function<void()>> collectors;
  {
    std::lock_guard lock(mutex_);
    collectors = collectors_;
  }
  for (const auto& collect : collectors)
    collect();
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, fam] : families_) {
    static constexpr const char* kTypeNames[] = {"counter", "gauge", "histogram"};
    out += "# HELP " + name + " " + fam.help + "\n";
    out += "# TYPE " + name + " " + kTypeNames[static_cast<int>(fam.type)] + "\n";
    for (const auto& [labels, c] : fam.counters) {
      out += name + renderLabels(labels) + " " + std::to_string(c->value()) + "\n";
    }
    for (const auto& [labels, g] : fam.gauges) {
      out += name + renderLabels(labels) + " " + std::to_string(g->value()) + "\n";
    }
    for (const auto& [labels, h] : fam.histograms) {
      const auto counts = h->bucketCounts();
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < counts.size(); ++i) {
        cumulative += counts[i];
        const std::string le = i < h->bounds().size() ? formatBound(h->bounds()[i]) : "+Inf";
        out += name + "_bucket" + renderLabels(labels, "le", le) + " " +
               std::to_string(cumulative) + "\n";
      }
      std::ostringstream sum;
      sum << h->sum();
      out += name + "_sum" + renderLabels(labels) + " " + sum.str() + "\n";
      out += name + "_count" + renderLabels(labels) + " " + std::to_string(cumulative) + "\n";
    }
  }
  return out;
}

}  // namespace streamit::metrics
