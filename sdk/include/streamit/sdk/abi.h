/* StreamIt plugin ABI, version 1. This C11 header is the contract between the kernel and a
 * plugin library: everything that crosses the boundary is declared here (C-safe types only)
 * or in the *_v1.h interface headers, which use nothing but these types.
 *
 * Conventions for every item below:
 * - Strings are StreamItStr views (pointer + length, not NUL-terminated). Unless stated
 *   otherwise the callee only borrows them for the duration of the call and copies what it
 *   keeps.
 * - Every struct passed by pointer starts with `uint32_t struct_size` so fields can be appended
 *   in a minor version; readers ignore fields beyond the size the writer reported.
 * - Enums are fixed-width integers with named constants, never C enum types.
 * - Structs are plain data owned by their writer; the ABI never shares one between threads.
 * Any change to this file or the interface headers needs a version decision
 * (docs/sdk/abi-policy.md); a kernel test pins a hash of the headers to make that decision
 * unavoidable. */
#ifndef STREAMIT_SDK_ABI_H
#define STREAMIT_SDK_ABI_H

/* In C++, <cstdint> also defines the standard library's configuration macros the toolchain tag
 * reads, so the tag never depends on which header a translation unit included first. */
#ifdef __cplusplus
#include <cstdint>
#else
#include <stdint.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Major: incompatible change (the kernel refuses other majors). Minor: backwards-compatible
 * addition (the kernel refuses plugins built against a newer minor than its own). */
#define STREAMIT_SDK_ABI_MAJOR 1
#define STREAMIT_SDK_ABI_MINOR 2

/* The one exported entry symbol: a Boost.DLL alias (a default-visibility data symbol in section
 * "boostdll") holding a StreamItPluginEntryFn. */
#define STREAMIT_PLUGIN_ENTRY_SYMBOL "streamit_plugin_entry_v1"

/* Toolchain tag: the C++ interfaces are vtables, so kernel and plugin must agree on compiler
 * family/major and standard-library ABI. Both sides compute it with this macro. */
#define STREAMIT_SDK_STRINGIFY_(x) #x
#define STREAMIT_SDK_STRINGIFY(x) STREAMIT_SDK_STRINGIFY_(x)
#if defined(__clang__)
#define STREAMIT_SDK_COMPILER_TAG_ "clang" STREAMIT_SDK_STRINGIFY(__clang_major__)
#elif defined(__GNUC__)
#define STREAMIT_SDK_COMPILER_TAG_ "gcc" STREAMIT_SDK_STRINGIFY(__GNUC__)
#else
#define STREAMIT_SDK_COMPILER_TAG_ "unknown"
#endif
#if defined(_LIBCPP_VERSION)
#define STREAMIT_SDK_STDLIB_TAG_ "-libcxx"
#elif defined(__GLIBCXX__) && defined(_GLIBCXX_USE_CXX11_ABI) && _GLIBCXX_USE_CXX11_ABI
#define STREAMIT_SDK_STDLIB_TAG_ "-libstdcxx-cxx11abi"
#elif defined(__GLIBCXX__)
#define STREAMIT_SDK_STDLIB_TAG_ "-libstdcxx-oldabi"
#else
/* Plain C: such a library cannot implement the C++ role interfaces, so it never matches. */
#define STREAMIT_SDK_STDLIB_TAG_ "-nostdcxx"
#endif
#define STREAMIT_SDK_TOOLCHAIN_TAG STREAMIT_SDK_COMPILER_TAG_ STREAMIT_SDK_STDLIB_TAG_

/* A borrowed string view. Ownership: the writer's; lifetime: see each use. */
typedef struct StreamItStr {
  const char* data;
  uint64_t size;
} StreamItStr;

/* Result of every interface call. */
typedef int32_t StreamItStatus;
#define STREAMIT_STATUS_OK 0
#define STREAMIT_STATUS_ERROR 1            /* unexpected failure; message says why */
#define STREAMIT_STATUS_NOT_FOUND 2        /* the reference / key / item does not exist */
#define STREAMIT_STATUS_INVALID_ARGUMENT 3 /* the input is malformed */
#define STREAMIT_STATUS_UNAVAILABLE 4      /* an upstream or host service cannot answer now */
#define STREAMIT_STATUS_DENIED 5           /* credentials rejected / not allowed */
#define STREAMIT_STATUS_CONFLICT 6         /* ABI 1.2: the item already exists (e.g. a username) */

typedef uint32_t StreamItPluginKind;
#define STREAMIT_KIND_PROVIDER 1u  /* implements streamit::sdk::PlaybackProviderV1 */
#define STREAMIT_KIND_AUTH 2u      /* implements streamit::sdk::AuthSchemeV1 */
#define STREAMIT_KIND_MODERATOR 3u /* implements streamit::sdk::ChatModeratorV1 */
#define STREAMIT_KIND_CATALOG 4u   /* implements streamit::sdk::CatalogV1 */

typedef uint32_t StreamItLogLevel;
#define STREAMIT_LOG_DEBUG 0u
#define STREAMIT_LOG_INFO 1u
#define STREAMIT_LOG_WARN 2u
#define STREAMIT_LOG_ERROR 3u

/* ---- create() arguments ------------------------------------------------------------------ */

/* Ownership: the kernel's. Lifetime: the create() call only (copy what you keep; `host` itself
 * lives until after destroy() returned). Thread safety: create() runs on the start-up thread. */
typedef struct StreamItCreateArgs {
  uint32_t struct_size;
  uint32_t reserved;
  void* host;              /* a streamit::sdk::HostV1*; valid until destroy() returned */
  StreamItStr config_json; /* the instance's config block, already validated against the schema */
  /* Called by the plugin (at most once) to explain a failed create(); the kernel copies it. */
  void (*report_error)(void* error_context, StreamItStr message);
  void* error_context;
  /* Appended in ABI 1.2; read only when struct_size covers it. A streamit::sdk::HostV2* for
   * the same host object as `host` (never NULL from a 1.2 kernel). */
  void* host_v2;
} StreamItCreateArgs;

/* ---- The descriptor ---------------------------------------------------------------------- */

/* Ownership: the plugin's (static storage). Lifetime: while the library is loaded. Thread
 * safety: immutable. The kernel reads it before any other plugin code runs. */
typedef struct StreamItPluginDescriptor {
  /* The first three fields are frozen for every future major, so any kernel can say why it
   * refuses a descriptor. */
  uint32_t struct_size;       /* sizeof(StreamItPluginDescriptor) as the plugin saw it */
  uint32_t abi_major;         /* STREAMIT_SDK_ABI_MAJOR the plugin was built against */
  uint32_t abi_minor;         /* STREAMIT_SDK_ABI_MINOR the plugin was built against */
  StreamItPluginKind kind;    /* STREAMIT_KIND_* */
  uint32_t interface_version; /* version of the kind's interface (1 = ...V1) */
  uint32_t reserved;          /* zero */
  StreamItStr toolchain;      /* STREAMIT_SDK_TOOLCHAIN_TAG */
  StreamItStr id;             /* "<kind>.<name>", e.g. "provider.vidking" */
  StreamItStr version;        /* the plugin's own version, e.g. "1.2.0" */
  StreamItStr config_schema;  /* JSON-Schema subset describing the instance's config block */
  /* Returns the interface pointer matching kind + interface_version (e.g. a
   * streamit::sdk::PlaybackProviderV1*), or NULL after calling args->report_error. Must not
   * throw. */
  void* (*create)(const StreamItCreateArgs* args);
  /* Destroys what create() returned. Called exactly once, on the kernel's shutdown thread,
   * after every call into the instance has returned. Must not throw. */
  void (*destroy)(void* instance);
} StreamItPluginDescriptor;

/* The entry function. Ownership of the result: the plugin's (static). Called on the kernel's
 * start-up thread, once per load. Must not throw; returns the same descriptor on every call. */
typedef const StreamItPluginDescriptor* (*StreamItPluginEntryFn)(void);

/* ---- Shared value types ------------------------------------------------------------------ */

typedef struct StreamItHeader {
  uint32_t struct_size;
  uint32_t reserved;
  StreamItStr name;
  StreamItStr value;
} StreamItHeader;

/* Outbound HTTP request made through the host. Borrowed for the call. */
typedef struct StreamItHttpRequest {
  uint32_t struct_size;
  uint32_t timeout_ms; /* per send/receive; 0 = host default; capped by the host */
  StreamItStr method;  /* "GET", "POST", ... */
  StreamItStr url;     /* absolute http:// or https:// URL (since ABI 1.1; TLS verified) */
  const StreamItHeader* headers;
  uint64_t header_count;
  StreamItStr body;
} StreamItHttpRequest;

/* ---- Playback provider types ------------------------------------------------------------- */

typedef uint32_t StreamItSourceKind;
#define STREAMIT_SOURCE_EMBED 1u /* iframe; embed_url set */
#define STREAMIT_SOURCE_HLS 2u
#define STREAMIT_SOURCE_MP4 3u
#define STREAMIT_SOURCE_DASH 4u

/* Capability bits: what sync a client can do with the source (see SYNC.md). */
#define STREAMIT_CAP_CAN_SEEK 0x1u
#define STREAMIT_CAP_CAN_PAUSE 0x2u
#define STREAMIT_CAP_CAN_RATE 0x4u
#define STREAMIT_CAP_REPORTS_TIME 0x8u
#define STREAMIT_CAP_SEEK_BY_RELOAD 0x10u

typedef struct StreamItQuality {
  uint32_t struct_size;
  uint32_t height; /* pixels; 0 = unknown */
  uint32_t bitrate_kbps;
  uint32_t reserved;
  StreamItStr label; /* "1080p" */
  StreamItStr url;   /* empty when the main url is adaptive */
} StreamItQuality;

typedef struct StreamItSubtitle {
  uint32_t struct_size;
  uint32_t reserved;
  StreamItStr language; /* BCP 47 */
  StreamItStr label;
  StreamItStr url;
} StreamItSubtitle;

/* Written by the plugin into a host sink; borrowed by the host for the sink call only. */
typedef struct StreamItPlaybackSource {
  uint32_t struct_size;
  StreamItSourceKind kind;
  StreamItStr provider;  /* the plugin id */
  StreamItStr stream_id; /* provider-specific, stable */
  StreamItStr url;       /* hls/mp4/dash */
  StreamItStr embed_url; /* embed */
  StreamItStr poster;
  double duration_s;     /* 0 = unknown or live */
  uint32_t capabilities; /* STREAMIT_CAP_* bits */
  uint32_t reserved;
  const StreamItQuality* qualities;
  uint64_t quality_count;
  const StreamItSubtitle* subtitles;
  uint64_t subtitle_count;
} StreamItPlaybackSource;

/* ---- Auth types ---------------------------------------------------------------------------- */

typedef struct StreamItPrincipal {
  uint32_t struct_size;
  uint32_t reserved;
  StreamItStr subject; /* stable user id */
  StreamItStr display_name;
  const StreamItStr* scopes;
  uint64_t scope_count;
  int64_t expires_at_ms; /* 0 = no expiry known */
} StreamItPrincipal;

/* ABI 1.2. One row of the kernel's accounts table, written by the kernel into an
 * AccountSinkV1; borrowed by the plugin for the sink call only. */
typedef struct StreamItAccount {
  uint32_t struct_size;
  uint32_t reserved;
  int64_t id;           /* > 0; the principal's subject is "user:<id>" */
  StreamItStr username; /* as stored (the plugin case-folds before storing) */
  StreamItStr display_name;
  StreamItStr password_hash; /* opaque to the kernel: whatever the plugin stored */
  int64_t created_at_ms;
  int64_t last_login_at_ms; /* 0 = never */
} StreamItAccount;

/* ---- Moderation types -------------------------------------------------------------------- */

typedef struct StreamItChatMessage {
  uint32_t struct_size;
  uint32_t reserved;
  StreamItStr room_id;
  StreamItStr user_id;
  StreamItStr text;
} StreamItChatMessage;

typedef uint32_t StreamItModerationAction;
#define STREAMIT_MODERATION_ALLOW 1u
#define STREAMIT_MODERATION_REJECT 2u  /* reason set */
#define STREAMIT_MODERATION_REWRITE 3u /* rewritten_text set */

typedef struct StreamItModerationDecision {
  uint32_t struct_size;
  StreamItModerationAction action;
  StreamItStr reason;
  StreamItStr rewritten_text;
} StreamItModerationDecision;

/* ---- Catalog types ----------------------------------------------------------------------- */

typedef struct StreamItCatalogQuery {
  uint32_t struct_size;
  uint32_t page;      /* 1-based */
  uint32_t page_size; /* the plugin may cap it */
  uint32_t year;      /* 0 = any */
  StreamItStr text;
  StreamItStr type; /* "movie" | "tv" | empty = any */
} StreamItCatalogQuery;

typedef struct StreamItCatalogItem {
  uint32_t struct_size;
  uint32_t year;           /* 0 = unknown */
  uint32_t season_count;   /* tv only */
  uint32_t season_number;  /* episodes only */
  uint32_t episode_number; /* episodes only */
  uint32_t reserved;
  StreamItStr id;   /* provider-usable media reference */
  StreamItStr type; /* "movie" | "tv" | "episode" */
  StreamItStr title;
  StreamItStr overview;
  StreamItStr poster;
  /* Appended in ABI 1.1: readers use them only when struct_size covers them. */
  StreamItStr backdrop;      /* image URL; empty = none */
  const StreamItStr* genres; /* genre names, borrowed like the rest */
  uint64_t genre_count;
  StreamItStr
      provider; /* id of the provider plugin that plays it ("provider.vidking"); empty = none */
  StreamItStr reference; /* what to pass to that provider's resolve ("movie:603") */
} StreamItCatalogItem;

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* STREAMIT_SDK_ABI_H */
