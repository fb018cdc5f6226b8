#include "realtime/memory_store.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <stdexcept>

#include "realtime/glob.h"

namespace streamit::realtime {
namespace {

using Clock = MemoryStore::Clock;

void requireTtl(Millis ttl) {
  if (ttl.count() <= 0)
    throw std::invalid_argument("realtime: every write needs a TTL > 0");
}

[[noreturn]] void wrongType() {
  throw std::runtime_error("WRONGTYPE Operation against a key holding the wrong kind of value");
}

template <typename T>
T* as(MemoryStore::Entry* entry) {
  if (entry == nullptr)
    return nullptr;
  T* value = std::get_if<T>(&entry->value);
  if (value == nullptr)
    wrongType();
  return value;
}

std::int64_t remainingMs(const MemoryStore::Entry& entry) {
  const auto left = std::chrono::duration_cast<Millis>(entry.expiresAt - Clock::now()).count();
  return std::max<std::int64_t>(left, 1);  // a live key always reports a positive TTL
}

std::int64_t wallClockMs() {
  return std::chrono::duration_cast<Millis>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

// The native-script view of the data; runs with dataMutex_ held by eval().
class MemoryStore::Context : public ScriptContext {
 public:
  explicit Context(MemoryStore& store) : store_(store) {}

  std::optional<std::string> get(const std::string& key) override {
    auto* value = as<std::string>(store_.find(key));
    if (value == nullptr)
      return std::nullopt;
    return *value;
  }
  void set(const std::string& key, const std::string& value, Millis ttl) override {
    requireTtl(ttl);
    store_.data_[key] = Entry{value, Clock::now() + ttl};
  }
  std::int64_t del(const std::string& key) override {
    if (store_.find(key) == nullptr)
      return 0;
    store_.data_.erase(key);
    return 1;
  }
  std::optional<std::string> hget(const std::string& key, const std::string& field) override {
    auto* hash = as<Hash>(store_.find(key));
    if (hash == nullptr)
      return std::nullopt;
    auto it = hash->find(field);
    if (it == hash->end())
      return std::nullopt;
    return it->second;
  }
  void hset(const std::string& key, const std::string& field, const std::string& value) override {
    Entry* entry = store_.find(key);
    if (entry == nullptr) {
      // Like Redis HSET, a new hash has no TTL until the script sets one; a script that
      // forgets is caught by the conformance suite's "pttl > 0 for every key" check.
      entry = &store_.data_[key];
      entry->value = Hash{};
      entry->expiresAt = Clock::time_point::max();
    }
    (*as<Hash>(entry))[field] = value;
  }
  std::int64_t hdel(const std::string& key, const std::string& field) override {
    Entry* entry = store_.find(key);
    auto* hash = as<Hash>(entry);
    if (hash == nullptr)
      return 0;
    const auto removed = static_cast<std::int64_t>(hash->erase(field));
    if (hash->empty())
      store_.data_.erase(key);
    return removed;
  }
  std::map<std::string, std::string> hgetall(const std::string& key) override {
    auto* hash = as<Hash>(store_.find(key));
    if (hash == nullptr)
      return {};
    return *hash;
  }
  std::int64_t pttl(const std::string& key) override {
    Entry* entry = store_.find(key);
    if (entry == nullptr)
      return -2;
    if (entry->expiresAt == Clock::time_point::max())
      return -1;
    return remainingMs(*entry);
  }
  void pexpire(const std::string& key, Millis ttl) override {
    requireTtl(ttl);
    Entry* entry = store_.find(key);
    if (entry != nullptr)
      entry->expiresAt = Clock::now() + ttl;
  }
  std::int64_t nowMs() override { return wallClockMs(); }

 private:
  MemoryStore& store_;
};

class MemoryStore::MemorySubscription : public Subscription {
 public:
  MemorySubscription(MemoryStore& store, std::shared_ptr<SubscriberState> state)
      : store_(store), state_(std::move(state)) {}
  ~MemorySubscription() override {
    store_.unsubscribe(state_);
    state_->deactivate();
  }

 private:
  MemoryStore& store_;
  std::shared_ptr<SubscriberState> state_;
};

MemoryStore::MemoryStore(std::string keyPrefix, metrics::Registry& /*metrics*/,
                         Millis purgeInterval)
    : prefix_(std::move(keyPrefix)), purgeInterval_(purgeInterval) {
  dispatcher_ = std::thread([this] { dispatchLoop(); });
}

MemoryStore::~MemoryStore() {
  {
    std::lock_guard lock(busMutex_);
    stopping_ = true;
  }
  busCv_.notify_all();
  dispatcher_.join();
}

MemoryStore::Entry* MemoryStore::find(const std::string& fullKey) {
  auto it = data_.find(fullKey);
  if (it == data_.end())
    return nullptr;
  if (it->second.expiresAt <= Clock::now()) {
    data_.erase(it);
    return nullptr;
  }
  return &it->second;
}

void MemoryStore::purgeExpired() {
  std::lock_guard lock(dataMutex_);
  const auto now = Clock::now();
  std::erase_if(data_, [now](const auto& item) { return item.second.expiresAt <= now; });
}

std::optional<std::string> MemoryStore::get(const std::string& key) {
  std::lock_guard lock(dataMutex_);
  auto* value = as<std::string>(find(full(key)));
  if (value == nullptr)
    return std::nullopt;
  return *value;
}

void MemoryStore::set(const std::string& key, const std::string& value, Millis ttl) {
  requireTtl(ttl);
  std::lock_guard lock(dataMutex_);
  data_[full(key)] = Entry{value, Clock::now() + ttl};
}

bool MemoryStore::setIfAbsent(const std::string& key, const std::string& value, Millis ttl) {
  requireTtl(ttl);
  std::lock_guard lock(dataMutex_);
  if (find(full(key)) != nullptr)
    return false;
  data_[full(key)] = Entry{value, Clock::now() + ttl};
  return true;
}

std::int64_t MemoryStore::del(const std::vector<std::string>& keys) {
  std::lock_guard lock(dataMutex_);
  std::int64_t removed = 0;
  for (const auto& key : keys) {
    if (find(full(key)) != nullptr) {
      data_.erase(full(key));
      ++removed;
    }
  }
  return removed;
}

std::int64_t MemoryStore::incrBy(const std::string& key, std::int64_t delta, Millis ttl) {
  requireTtl(ttl);
  std::lock_guard lock(dataMutex_);
  Entry* entry = find(full(key));
  std::int64_t current = 0;
  if (entry != nullptr) {
    const std::string& text = *as<std::string>(entry);
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), current);
    if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) {
      throw std::runtime_error("ERR value is not an integer or out of range");
    }
  }
  if ((delta > 0 && current > std::numeric_limits<std::int64_t>::max() - delta) ||
      (delta < 0 && current < std::numeric_limits<std::int64_t>::min() - delta)) {
    throw std::runtime_error("ERR increment or decrement would overflow");
  }
  const std::int64_t next = current + delta;
  data_[full(key)] = Entry{std::to_string(next), Clock::now() + ttl};
  return next;
}

std::int64_t MemoryStore::pttl(const std::string& key) {
  std::lock_guard lock(dataMutex_);
  Context context(*this);
  return context.pttl(full(key));
}

bool MemoryStore::expire(const std::string& key, Millis ttl) {
  requireTtl(ttl);
  std::lock_guard lock(dataMutex_);
  Entry* entry = find(full(key));
  if (entry == nullptr)
    return false;
  entry->expiresAt = Clock::now() + ttl;
  return true;
}

void MemoryStore::hset(const std::string& key, const std::map<std::string, std::string>& fields,
                       Millis ttl) {
  requireTtl(ttl);
  if (fields.empty())
    throw std::invalid_argument("realtime: hset needs at least one field");
  std::lock_guard lock(dataMutex_);
  Entry* entry = find(full(key));
  if (entry == nullptr) {
    data_[full(key)] = Entry{Hash(fields), Clock::now() + ttl};
    return;
  }
  Hash* hash = as<Hash>(entry);
  for (const auto& [field, value] : fields)
    (*hash)[field] = value;
  entry->expiresAt = Clock::now() + ttl;
}

std::optional<std::string> MemoryStore::hget(const std::string& key, const std::string& field) {
  std::lock_guard lock(dataMutex_);
  return Context(*this).hget(full(key), field);
}

std::map<std::string, std::string> MemoryStore::hgetall(const std::string& key) {
  std::lock_guard lock(dataMutex_);
  return Context(*this).hgetall(full(key));
}

std::int64_t MemoryStore::hdel(const std::string& key, const std::vector<std::string>& fields) {
  std::lock_guard lock(dataMutex_);
  Context context(*this);
  std::int64_t removed = 0;
  for (const auto& field : fields)
    removed += context.hdel(full(key), field);
  return removed;
}

void MemoryStore::pushCapped(const std::string& key, const std::string& value,
                             std::int64_t maxLength, Millis ttl) {
  requireTtl(ttl);
  if (maxLength <= 0)
    throw std::invalid_argument("realtime: pushCapped needs maxLength > 0");
  std::lock_guard lock(dataMutex_);
  Entry* entry = find(full(key));
  if (entry == nullptr) {
    entry = &data_[full(key)];
    entry->value = List{};
  }
  List* list = as<List>(entry);
  list->push_back(value);
  while (static_cast<std::int64_t>(list->size()) > maxLength)
    list->pop_front();
  entry->expiresAt = Clock::now() + ttl;
}

std::vector<std::string> MemoryStore::range(const std::string& key, std::int64_t start,
                                            std::int64_t stop) {
  std::lock_guard lock(dataMutex_);
  List* list = as<List>(find(full(key)));
  if (list == nullptr)
    return {};
  // LRANGE index rules: negatives count from the end, out-of-range ends are clamped.
  const auto size = static_cast<std::int64_t>(list->size());
  if (start < 0)
    start += size;
  if (stop < 0)
    stop += size;
  start = std::max<std::int64_t>(start, 0);
  stop = std::min<std::int64_t>(stop, size - 1);
  if (start > stop || start >= size)
    return {};
  return {list->begin() + start, list->begin() + stop + 1};
}

std::vector<std::string> MemoryStore::scan(const std::string& pattern) {
  std::lock_guard lock(dataMutex_);
  const auto now = Clock::now();
  std::vector<std::string> out;
  for (const auto& [fullKey, entry] : data_) {
    if (entry.expiresAt <= now || fullKey.compare(0, prefix_.size(), prefix_) != 0)
      continue;
    std::string logical = fullKey.substr(prefix_.size());
    if (globMatch(pattern, logical))
      out.push_back(std::move(logical));
  }
  return out;
}

Value MemoryStore::eval(const Script& script, const std::vector<std::string>& keys,
                        const std::vector<std::string>& args) {
  if (!script.native)
    throw std::invalid_argument("realtime: script has no native body");
  std::vector<std::string> fullKeys;
  fullKeys.reserve(keys.size());
  for (const auto& key : keys)
    fullKeys.push_back(full(key));
  std::lock_guard lock(dataMutex_);
  Context context(*this);
  return script.native(context, fullKeys, args);
}

std::int64_t MemoryStore::publish(const std::string& channel, const std::string& message) {
  std::lock_guard lock(busMutex_);
  auto it = subscribers_.find(channel);
  if (it == subscribers_.end() || it->second.empty())
    return 0;
  Delivery delivery{channel, message, {it->second.begin(), it->second.end()}};
  const auto receivers = static_cast<std::int64_t>(delivery.receivers.size());
  queue_.push_back(std::move(delivery));
  busCv_.notify_all();
  return receivers;
}

std::unique_ptr<Subscription> MemoryStore::subscribe(const std::vector<std::string>& channels,
                                                     SubscriptionHandlers handlers) {
  auto state = std::make_shared<SubscriberState>(channels, std::move(handlers));
  {
    std::lock_guard lock(busMutex_);
    for (const auto& channel : channels)
      subscribers_[channel].insert(state);
  }
  return std::make_unique<MemorySubscription>(*this, state);
}

void MemoryStore::unsubscribe(const std::shared_ptr<SubscriberState>& state) {
  std::lock_guard lock(busMutex_);
  for (const auto& channel : state->channels) {
    auto it = subscribers_.find(channel);
    if (it == subscribers_.end())
      continue;
    it->second.erase(state);
    if (it->second.empty())
      subscribers_.erase(it);
  }
}

std::int64_t MemoryStore::nowMs() {
  return wallClockMs();
}

std::size_t MemoryStore::storedKeyCountForTesting() {
  std::lock_guard lock(dataMutex_);
  return data_.size();
}

void MemoryStore::dispatchLoop() {
  auto nextPurge = Clock::now() + purgeInterval_;
  std::unique_lock lock(busMutex_);
  while (true) {
    busCv_.wait_until(lock, nextPurge, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_)
      return;
    while (!queue_.empty()) {
      Delivery delivery = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();  // handlers may publish or (un)subscribe
      for (const auto& receiver : delivery.receivers) {
        receiver->deliver(delivery.channel, delivery.message);
      }
      lock.lock();
      if (stopping_)
        return;
    }
    if (Clock::now() >= nextPurge) {
      lock.unlock();
      purgeExpired();
      lock.lock();
      nextPurge = Clock::now() + purgeInterval_;
    }
  }
}

}  // namespace streamit::realtime
