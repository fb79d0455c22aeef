/*
 * dmxp.h - the C ABI of DMXP, the shared-memory multi-producer multi-consumer transport.
 *
 * Every language binding (Python, Rust, Go, Node.js) is built on this header alone.
 *
 * Model
 *   A channel is one shared-memory object in /dev/shm, or in $DMXP_SHM_DIR when set (see
 *   "Where segments live" below the options), named "dmxp.<domain>.ch.<name>" and holding a
 *   ring of fixed-size slots. Producers in any process claim slots with atomic operations,
 *   write in place and commit; consumers read committed slots in place.
 *   - A channel is addressed by a name ([A-Za-z0-9_.-], at most 100 characters, no "..",
 *     not starting with '.') inside a domain. A numeric channel id N is the name "N".
 *   - The domain comes from the options, else from $DMXP_DOMAIN, else "default"
 *     (dmxp_domain_resolve applies this rule for layers above).
 *   - Delivery mode, fixed at creation: BROADCAST (every consumer sees every message, each
 *     with its own cursor) or QUEUE (competing consumers: each message goes to exactly one).
 *   - Backpressure, fixed at creation: RELIABLE (a full ring makes producers wait or report
 *     DMXP_ERR_WOULD_BLOCK; unread data of a live consumer is never overwritten) or KEEP_LAST
 *     (the oldest message is overwritten; a lagging consumer skips ahead and counts the loss).
 *   - Every message carries a 64-bit key from one monotonic sequence per domain: keys increase
 *     within a channel, and a message published after another was received has a larger key.
 *
 * Errors
 *   Functions return 0 (DMXP_OK) or a negative dmxp_status. dmxp_strerror() describes the
 *   code and dmxp_status_name() spells it ("DMXP_ERR_TIMEOUT"). dmxp_last_error() returns a
 *   thread-local message naming the segment and what to do; it describes the status of the
 *   last call on this thread that returns one, and is "" after DMXP_OK, DMXP_ERR_WOULD_BLOCK
 *   and DMXP_ERR_TIMEOUT: those carry no detail (WOULD_BLOCK is the normal "nothing yet" of a
 *   polling loop; formatting a message per poll would cost more than the poll). Read it
 *   right after the call: functions without a status (close, destroy) may change it. No C++
 *   exception ever crosses this ABI.
 *
 * Thread safety
 *   A producer or consumer handle belongs to one thread at a time (use one handle per thread;
 *   handles are cheap). Different handles, in any threads or processes, may be used
 *   concurrently on the same channel: that is the point of MPMC. Functions without a handle
 *   (listing, removal, strerror) are thread-safe.
 *
 * Zero-copy lifetime rule
 *   A dmxp_message returned by a receive call points into the ring. It stays valid until the
 *   next receive or release call on the same consumer, or until the consumer is closed.
 *   On KEEP_LAST channels a producer may lap a consumer that holds a view for too long; the
 *   release call then returns DMXP_ERR_OVERRUN to say the bytes may have changed while held.
 *   A loan (dmxp_producer_loan) is valid until commit or abort; the producer holds at most one
 *   loan (or batch loan) at a time.
 */
#ifndef DMXP_DMXP_H
#define DMXP_DMXP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define DMXP_API __attribute__((visibility("default")))
#else
#define DMXP_API
#endif

/** Version of this C ABI, returned by dmxp_abi_version() (segments carry a layout version of
 *  their own). 3: dmxp_channel_options grew open_mode (callers built for 2 keep working: their
 *  create field is still read); dmxp_channel_create, dmxp_status_name and
 *  dmxp_domain_resolve were added; dmxp_last_error() is "" after OK, WOULD_BLOCK and TIMEOUT. */
#define DMXP_ABI_VERSION 3u

/** Timeouts, in nanoseconds: 0 = do not wait, DMXP_FOREVER = wait without limit. */
#define DMXP_FOREVER (-1)

typedef enum dmxp_status {
  DMXP_OK = 0,
  DMXP_ERR_INVALID_ARGUMENT = -1, /* bad name, size, option or handle */
  DMXP_ERR_NOT_FOUND = -2,        /* channel does not exist (open without create) */
  DMXP_ERR_EXISTS = -3,           /* channel exists but was asked to be created exclusively */
  DMXP_ERR_PERMISSION = -4,       /* the segment's mode forbids access */
  DMXP_ERR_CORRUPT = -5,          /* segment header or slot failed validation */
  DMXP_ERR_INCOMPATIBLE = -6,     /* type fingerprint, slot size, mode or ABI differ */
  DMXP_ERR_WOULD_BLOCK = -7,      /* nothing to receive / no free slot, and timeout was 0 */
  DMXP_ERR_TIMEOUT = -8,          /* the wait ran out */
  DMXP_ERR_TOO_LARGE = -9,        /* message larger than the channel's slot size */
  DMXP_ERR_OVERRUN = -10,         /* KEEP_LAST: the view was overwritten while held */
  DMXP_ERR_BUSY = -11,            /* a loan is outstanding, or a named cursor is in use */
  DMXP_ERR_RESOURCE = -12,        /* out of shared memory, consumer/producer table full */
  DMXP_ERR_INTERRUPTED = -13,     /* a wait was interrupted by a signal (EINTR) */
  DMXP_ERR_SYSTEM = -14,          /* an operating-system call failed; see dmxp_last_error() */
  DMXP_ERR_UNSUPPORTED = -15      /* the operation does not apply to this channel's mode */
} dmxp_status;

/* DEFAULT (0) in options means "the existing channel's value, or the default when creating":
 * BROADCAST and RELIABLE. Channel headers and dmxp_channel_info always hold a concrete value. */
typedef enum dmxp_mode {
  DMXP_MODE_DEFAULT = 0,
  DMXP_MODE_BROADCAST = 1,
  DMXP_MODE_QUEUE = 2
} dmxp_mode;
typedef enum dmxp_backpressure {
  DMXP_BACKPRESSURE_DEFAULT = 0,
  DMXP_RELIABLE = 1,
  DMXP_KEEP_LAST = 2
} dmxp_backpressure;
/** Where a new broadcast consumer starts: at the oldest message the ring holds, or after the
 *  newest one. A named consumer that attaches again resumes at its stored cursor instead. */
typedef enum dmxp_start { DMXP_START_OLDEST = 0, DMXP_START_NEWEST = 1 } dmxp_start;

/* Where segments live: every segment (channels, the domain's key segment, the node runtime's
 * graph registry) is a file in one directory, $DMXP_SHM_DIR if set, else /dev/shm; e.g. a
 * hugetlbfs or another tmpfs mount, or a test's own fresh directory. It must be the absolute
 * path of an existing directory: an empty or relative value, or one that is not a directory,
 * makes every open, dmxp_channel_info_get, _list, _gc and _remove fail with
 * DMXP_ERR_INVALID_ARGUMENT and a dmxp_last_error() naming the variable. It is read at each
 * such call: every process of a domain must see the same value. */

/** What opening a channel does about its existence. DEFAULT (0) follows the options' older
 *  create field: OPEN_OR_CREATE unless create = 0, then OPEN_EXISTING. */
typedef enum dmxp_open_mode {
  DMXP_OPEN_DEFAULT = 0,
  DMXP_OPEN_OR_CREATE = 1,       /* create from the options when missing; an existing channel
                                    must match every non-zero property */
  DMXP_OPEN_EXISTING = 2,        /* DMXP_ERR_NOT_FOUND when missing; never creates */
  DMXP_CREATE_NEW = 3,           /* DMXP_ERR_EXISTS when it exists; never attaches to an
                                    existing segment (broken ones included) */
  DMXP_OPEN_OR_CREATE_ADAPT = 4  /* like OPEN_OR_CREATE, but capacity and backpressure only
                                    apply when creating: an existing channel is taken with
                                    its own (type, slot size and mode must still match). For
                                    endpoints whose first one sets the ring's QoS */
} dmxp_open_mode;

/** Channel properties. Initialise with dmxp_channel_options_init(); a zero field means "take
 *  the existing channel's value, or the default when creating". */
typedef struct dmxp_channel_options {
  uint32_t struct_size;          /* sizeof(dmxp_channel_options), set by _init */
  const char* domain;            /* NULL: $DMXP_DOMAIN or "default" */
  dmxp_mode mode;                /* DEFAULT: existing, else BROADCAST */
  dmxp_backpressure backpressure;/* DEFAULT: existing, else RELIABLE */
  uint32_t capacity;             /* slots, a power of two; default 1024 */
  uint32_t slot_size;            /* largest message in bytes; default 4032 */
  uint64_t type_fingerprint;     /* 0 = untyped; non-zero must match the channel's */
  const char* type_name;         /* stored for tools (at most 63 chars); may be NULL */
  uint32_t permissions;          /* file mode of a new segment; 0 = 0600. The domain's key
                                    segment takes the mode of the first channel created in
                                    the domain: use one mode per domain (e.g. 0660 for a group,
                                    whose other members open with trusted_gid) */
  uint32_t max_consumers;        /* consumer table size; default 64 */
  uint32_t max_producers;        /* producer table size; default 64 */
  int create;                    /* ABI 2's switch, read only when open_mode is DEFAULT:
                                    1 (default): create if missing; 0: must exist */
  int64_t stall_timeout_ns;      /* how long a slot may stay claimed before its writer's
                                    liveness is checked (by any reader or producer waiting on
                                    it); default 20 ms, at most 60 s is used */
  const void* type_descriptor;   /* layout descriptor stored in the channel at creation, so
                                    tools decode messages without generated code; may be NULL */
  uint64_t type_descriptor_size; /* bytes at type_descriptor (at most 1 MiB) */
  /* Whose existing segments to use. Opening a channel that already exists (and the domain's
   * key segment, which every open of the domain uses) attaches only to a regular file owned
   * by this process's effective uid, or by trusted_uid, or whose group is trusted_gid; and not
   * writable by every user (mode bit 0002) unless allow_world_writable is set or permissions
   * includes 0002. Otherwise another local user could create the name first (mode 0666) and
   * read, forge or truncate everything the victim sends. A refused segment gives
   * DMXP_ERR_PERMISSION; dmxp_last_error() names its path, owner and mode. Added in ABI 1
   * after type_descriptor_size: callers built with a shorter struct_size get the defaults. */
  uint32_t trusted_uid;          /* also attach to segments owned by this uid (e.g. the
                                    service that creates the channels); default DMXP_NO_ID */
  uint32_t trusted_gid;          /* also attach to segments whose group is this gid (a team
                                    sharing channels with mode 0660); default DMXP_NO_ID */
  int allow_world_writable;      /* 1: accept a world-writable segment (anyone may corrupt or
                                    truncate it: a crash with SIGBUS); default 0 */
  /* Added in ABI 3 (callers built with a shorter struct_size get DEFAULT). */
  dmxp_open_mode open_mode;      /* create, open or both; default DEFAULT (see the enum) */
} dmxp_channel_options;

/** "No uid/gid" in dmxp_channel_options.trusted_uid / trusted_gid (the default). */
#define DMXP_NO_ID 0xFFFFFFFFu

typedef struct dmxp_consumer_options {
  uint32_t struct_size;   /* sizeof(dmxp_consumer_options), set by _init */
  const char* name;       /* durable cursor name, or NULL for an anonymous consumer */
  dmxp_start start;       /* first attach of a broadcast consumer; default OLDEST */
  int64_t spin_ns;        /* busy-poll this long before sleeping in blocking receives;
                             default 2000; -1 = never sleep (pure busy-poll) */
  int passive;            /* 1: an observer (BROADCAST only; DMXP_ERR_UNSUPPORTED on QUEUE).
                             It never holds RELIABLE producers back: a producer may overwrite
                             what it has not read yet, and it skips ahead and counts the loss
                             (dmxp_consumer_lost), as on KEEP_LAST. Views are checked like
                             KEEP_LAST ones: copy the bytes, then dmxp_consumer_release returns
                             DMXP_ERR_OVERRUN if they changed while held. For tools (echo, hz,
                             monitors) that must never slow a publisher. Default 0. */
} dmxp_consumer_options;

/** A received message: a read-only view into the ring (see the lifetime rule above). */
typedef struct dmxp_message {
  const void* data;
  size_t size;
  uint64_t key;           /* domain-wide ordered key */
  uint64_t timestamp_ns;  /* CLOCK_REALTIME at commit */
  int32_t producer_pid;
  uint32_t batch_index;   /* position inside its atomic batch (0 for single messages) */
  uint32_t batch_count;   /* size of its atomic batch (1 for single messages) */
  uint32_t reserved;
} dmxp_message;

/** One message of a batch send. */
typedef struct dmxp_iovec {
  const void* data;
  size_t size;
} dmxp_iovec;

typedef struct dmxp_producer dmxp_producer;
typedef struct dmxp_consumer dmxp_consumer;
typedef struct dmxp_waitset dmxp_waitset;
typedef struct dmxp_merge dmxp_merge;

/* ---- errors and versions (thread-safe) ---- */
/** What status means, in words ("timed out"); "unknown status" for other values. */
DMXP_API const char* dmxp_strerror(int status);
/** The status's name as spelled in this header ("DMXP_ERR_TIMEOUT", "DMXP_OK"), for
 *  bindings and logs; "DMXP_ERR_UNKNOWN" for other values. A static string. */
DMXP_API const char* dmxp_status_name(int status);
/** Detail of the status the last status-returning call on this thread returned: a message
 *  naming the segment and what to do, or "" after DMXP_OK, DMXP_ERR_WOULD_BLOCK and
 *  DMXP_ERR_TIMEOUT (never a stale message of an earlier failure). Valid until the next
 *  status-returning call on this thread. */
DMXP_API const char* dmxp_last_error(void);
DMXP_API uint32_t dmxp_abi_version(void);

DMXP_API void dmxp_channel_options_init(dmxp_channel_options* options);
DMXP_API void dmxp_consumer_options_init(dmxp_consumer_options* options);
/** Writes the channel name for a numeric id ("100") into buf; returns DMXP_OK or
 *  DMXP_ERR_INVALID_ARGUMENT if buf is too small. */
DMXP_API int dmxp_channel_name_from_id(uint64_t channel_id, char* buf, size_t buf_size);

/** Longest domain name, in characters ([A-Za-z0-9_-]). */
#define DMXP_MAX_DOMAIN_NAME 32
/** The domain a call with explicit_domain would use: explicit_domain when non-NULL and
 *  non-empty, else $DMXP_DOMAIN when set and non-empty, else "default"; checked with the rules
 *  channels use. Writes it NUL-terminated into buf (DMXP_MAX_DOMAIN_NAME + 1 bytes suffice).
 *  DMXP_ERR_INVALID_ARGUMENT for a bad name (dmxp_last_error() names it and where it came
 *  from), a NULL buf or a buf too small. Thread-safe (reads the environment). */
DMXP_API int dmxp_domain_resolve(const char* explicit_domain, char* buf, size_t buf_size);

/* ---- producers ----
 * Opening attaches to the channel (creating it as options->open_mode says: by default when it
 * is missing) and registers a producer record so crashed producers can be detected. options
 * may be NULL. Consumers open the same way. */
DMXP_API int dmxp_producer_open(const char* channel, const dmxp_channel_options* options,
                                dmxp_producer** out);
DMXP_API int dmxp_producer_open_id(uint64_t channel_id, const dmxp_channel_options* options,
                                   dmxp_producer** out);
/** Detaches; aborts an outstanding loan. NULL is ignored. */
DMXP_API void dmxp_producer_close(dmxp_producer* producer);
/** Copies size bytes into a slot and publishes them. timeout_ns as described above. */
DMXP_API int dmxp_producer_send(dmxp_producer* producer, const void* data, size_t size,
                                int64_t timeout_ns, uint64_t* key_out);
/** Zero-copy: claims one slot and returns a writable pointer to at least max_size bytes. */
DMXP_API int dmxp_producer_loan(dmxp_producer* producer, size_t max_size, void** buffer,
                                int64_t timeout_ns);
/** Publishes the loaned slot with its final size (<= the loaned size). */
DMXP_API int dmxp_producer_commit(dmxp_producer* producer, size_t size, uint64_t* key_out);
/** Gives the loan back; the slot is published as a skipped entry consumers never see. */
DMXP_API int dmxp_producer_abort(dmxp_producer* producer);
/** Claims count consecutive slots at once; buffers[i] receives slot i's pointer. The batch
 *  becomes visible atomically at dmxp_producer_commit_batch: consumers see all or none. */
DMXP_API int dmxp_producer_loan_batch(dmxp_producer* producer, uint32_t count, void** buffers,
                                      int64_t timeout_ns);
DMXP_API int dmxp_producer_commit_batch(dmxp_producer* producer, const size_t* sizes,
                                        uint64_t* first_key_out);
/** Copy path for batches: claims, copies and commits count messages atomically. */
DMXP_API int dmxp_producer_send_batch(dmxp_producer* producer, const dmxp_iovec* messages,
                                      uint32_t count, int64_t timeout_ns,
                                      uint64_t* first_key_out);
/** Largest message the channel takes (its slot size). */
DMXP_API size_t dmxp_producer_max_message_size(const dmxp_producer* producer);

/* ---- consumers ---- */
DMXP_API int dmxp_consumer_open(const char* channel, const dmxp_channel_options* channel_options,
                                const dmxp_consumer_options* options, dmxp_consumer** out);
DMXP_API int dmxp_consumer_open_id(uint64_t channel_id,
                                   const dmxp_channel_options* channel_options,
                                   const dmxp_consumer_options* options, dmxp_consumer** out);
/** Releases the current views and detaches. A named consumer's cursor stays in the channel
 *  (parked) for the next attach, positioned after everything received: a clean close never
 *  hands a received message out again. Not in a forked child: there it only frees the handle
 *  (the record and views are the parent's). */
DMXP_API void dmxp_consumer_close(dmxp_consumer* consumer);
/** Releases the views and detaches like dmxp_consumer_close (a named cursor is parked and can
 *  be attached again at once), but keeps the channel mapped until dmxp_consumer_close: for
 *  bindings whose message objects may outlive close(). Views must not be read afterwards;
 *  every call on the handle except dmxp_consumer_close then fails with
 *  DMXP_ERR_INVALID_ARGUMENT. Safe to call twice. */
DMXP_API void dmxp_consumer_detach(dmxp_consumer* consumer);
/** Non-blocking receive: DMXP_OK with *out filled, or DMXP_ERR_WOULD_BLOCK. Releases the
 *  previous view first; if a producer overwrote it while it was held (see
 *  dmxp_consumer_release), returns DMXP_ERR_OVERRUN and receives nothing: call again to go
 *  on. The same holds for the blocking forms below. A producer that died holding the next
 *  slot is repaired from here too, once the slot has stayed claimed past the stall
 *  timeout. */
DMXP_API int dmxp_consumer_try_receive(dmxp_consumer* consumer, dmxp_message* out);
/** Receive, waiting up to timeout_ns (spinning spin_ns first, then sleeping on a futex). */
DMXP_API int dmxp_consumer_receive(dmxp_consumer* consumer, dmxp_message* out,
                                   int64_t timeout_ns);
/** Receives up to max consecutive messages as views (all released together by the next
 *  receive/release). *count receives how many; waits up to timeout_ns for the first. */
DMXP_API int dmxp_consumer_receive_batch(dmxp_consumer* consumer, dmxp_message* out,
                                         uint32_t max, uint32_t* count, int64_t timeout_ns);
/** Ends the current view(s). Returns DMXP_ERR_OVERRUN if they were overwritten while held
 *  (KEEP_LAST lapped this consumer, a passive observer was overtaken, or a producer reused a
 *  slot that a RELIABLE consumer read right after joining or seeking, before producers saw
 *  its cursor), else DMXP_OK. On BROADCAST, the consumer's cursor moves past them here: a
 *  named consumer killed before this call gets them again when it is reopened. */
DMXP_API int dmxp_consumer_release(dmxp_consumer* consumer);
/** Positions a BROADCAST consumer at the first retained message whose key is >= key (or at
 *  the newest end when all retained keys are smaller). DMXP_ERR_UNSUPPORTED on QUEUE. */
DMXP_API int dmxp_consumer_seek(dmxp_consumer* consumer, uint64_t key);
/** Messages this consumer skipped because a KEEP_LAST producer overwrote them, plus slots
 *  repaired after a crashed producer, since it was first attached (stored in the channel). */
DMXP_API uint64_t dmxp_consumer_lost(const dmxp_consumer* consumer);

/* ---- waiting on many channels (thread-compatible: one thread per waitset; wake: any) ----
 * A waitset sleeps on exactly the channels of its enabled consumers (one futex_waitv call):
 * a commit wakes the waitsets and consumers asleep on that channel and nobody else, so idle
 * nodes cost nothing however busy other channels of the domain are. See docs/concepts.md ("Waiting") for
 * the limits (126 distinct channels per waitset sleep this way; more, or a kernel before
 * Linux 5.16, or DMXP_WAITSET_DOORBELL=1, fall back to the domain-wide doorbell). */
DMXP_API int dmxp_waitset_create(dmxp_waitset** out);
/** Must not race with a wait on the same waitset. NULL is ignored. */
DMXP_API void dmxp_waitset_destroy(dmxp_waitset* waitset);
/** Adds a consumer (not owned), enabled. All consumers of one waitset must share a domain. */
DMXP_API int dmxp_waitset_add(dmxp_waitset* waitset, dmxp_consumer* consumer);
/** Enables (enabled != 0) or disables the consumer added index-th (0-based). A disabled
 *  consumer is neither read nor slept on, and its ready[] entry stays 0: for a consumer that
 *  another thread is draining meanwhile. From the waiting thread, between waits.
 *  DMXP_ERR_INVALID_ARGUMENT for an index not added. */
DMXP_API int dmxp_waitset_enable(dmxp_waitset* waitset, size_t index, int enabled);
/** Waits until at least one enabled consumer has a message, or dmxp_waitset_wake is called.
 *  Readiness may be spurious (a slot that turns out to be an aborted loan): a following
 *  try_receive may return WOULD_BLOCK. ready[i] = 1 for each consumer (in add order) with
 *  data; *ready_count = how many: 0 when the wait returned DMXP_OK because of a wake. A
 *  waitset with no (enabled) consumers waits for a wake or the timeout. DMXP_ERR_TIMEOUT when
 *  none became ready; DMXP_ERR_INTERRUPTED on a signal. */
DMXP_API int dmxp_waitset_wait(dmxp_waitset* waitset, uint8_t* ready, size_t ready_size,
                               size_t* ready_count, int64_t timeout_ns);
/** dmxp_waitset_wait that polls its consumers for spin_ns (at most until the timeout) before
 *  it sleeps, instead of its default ~256 polls (about 10 us): a message that arrives within
 *  the spin costs no sleep and no wake-up syscall, at the price of a core busy for spin_ns
 *  after each wait begins. 0 checks once, then sleeps. DMXP_ERR_INVALID_ARGUMENT for a
 *  negative spin_ns (dmxp_consumer_options.spin_ns = -1 has no waitset counterpart: call
 *  dmxp_waitset_wait with timeout 0 in a loop to poll forever). */
DMXP_API int dmxp_waitset_wait_spin(dmxp_waitset* waitset, uint8_t* ready, size_t ready_size,
                                    size_t* ready_count, int64_t timeout_ns, int64_t spin_ns);
/** Makes the current wait of the waitset return DMXP_OK at once, or the next one if none is
 *  in progress (wakes do not queue up: several before a wait end one wait). Thread-safe and
 *  async-signal-safe; a syscall only when the waiting thread sleeps. */
DMXP_API int dmxp_waitset_wake(dmxp_waitset* waitset);

/* ---- merged scan: messages of several BROADCAST consumers in key order ---- */
DMXP_API int dmxp_merge_create(dmxp_consumer* const* consumers, size_t count, dmxp_merge** out);
DMXP_API void dmxp_merge_destroy(dmxp_merge* merge);
/** Next message in key order among what the consumers currently hold; *source = the index of
 *  its consumer. DMXP_ERR_WOULD_BLOCK when every consumer is drained. The view follows the
 *  lifetime rule of the consumer it came from. */
DMXP_API int dmxp_merge_next(dmxp_merge* merge, dmxp_message* out, size_t* source);

/* ---- channel administration (thread-safe) ----
 * Tools read a segment only when it is a regular file owned by this process's effective uid
 * (world-writable ones included: their mode_bits show it). A segment of another user is not
 * mapped at all, since its owner could truncate it under the reader (SIGBUS): info, descriptor
 * and consumers return DMXP_ERR_PERMISSION naming its path, owner and mode; list reports it
 * with that status; gc leaves it alone. */
typedef struct dmxp_channel_info {
  char name[104];
  char domain[40];
  char type_name[64];
  uint64_t type_fingerprint;
  dmxp_mode mode;
  dmxp_backpressure backpressure;
  uint32_t capacity;
  uint32_t slot_size;
  uint64_t file_size;
  uint64_t published;      /* positions claimed so far (the tail) */
  uint64_t last_key;       /* largest key committed (0 if none) */
  uint32_t producers;      /* live producer records */
  uint32_t consumers;      /* live consumer records */
  uint32_t parked_cursors; /* named cursors with no live owner */
  int32_t creator_pid;
  uint64_t created_ns;
  uint64_t repaired_slots; /* slots skipped after a producer died mid-write */
  uint64_t reclaimed;      /* consumer records reclaimed from dead processes */
  uint32_t mode_bits;      /* segment file mode */
  uint32_t owner_uid;      /* segment owner (the tools read only segments of their own uid) */
  uint64_t dropped;        /* QUEUE + KEEP_LAST: unclaimed messages dropped when full */
  uint32_t sleepers;       /* processes asleep on the channel (consumers, waitsets, producers) */
  uint32_t reserved2;
} dmxp_channel_info;

/** Creates channel (or opens it, as options->open_mode says; DMXP_CREATE_NEW makes it
 *  exclusive) without keeping an endpoint: for launchers that set up channels before their
 *  nodes start. The channel persists until removed. options may be NULL. */
DMXP_API int dmxp_channel_create(const char* channel, const dmxp_channel_options* options);
/** Fills info for one channel. domain may be NULL. */
DMXP_API int dmxp_channel_info_get(const char* domain, const char* channel,
                                   dmxp_channel_info* info);
/** Calls visit for each channel in the domain (NULL: default domain); stops early when it
 *  returns non-zero. Segments that are refused or fail validation are reported with
 *  status < 0 (dmxp_last_error() says why) and a partly filled info: name, domain, and from
 *  the directory entry file_size, mode_bits and owner_uid. */
typedef int (*dmxp_channel_visitor)(const dmxp_channel_info* info, int status, void* user);
DMXP_API int dmxp_channel_list(const char* domain, dmxp_channel_visitor visit, void* user);
/** Copies the type layout descriptor stored in the channel into buf (up to buf_size bytes);
 *  *size receives its full size (0 for untyped channels). Call with buf = NULL to size it. */
DMXP_API int dmxp_channel_descriptor_get(const char* domain, const char* channel, void* buf,
                                         size_t buf_size, size_t* size);
/** One consumer record of a channel, as tools show it (dmxp topic info). */
typedef struct dmxp_consumer_record_info {
  char name[48];         /* durable cursor name, "" for anonymous */
  int32_t pid;           /* owner, 0 for a parked named cursor */
  uint32_t live;         /* 1 when the owner process is alive */
  uint64_t cursor;       /* BROADCAST: next position to read; QUEUE: the shared head */
  uint64_t lag;          /* positions published and not yet read (racy snapshot) */
  uint64_t lost;         /* skipped by overrun or repair since first attach */
  uint64_t received;     /* messages received */
  uint32_t gating;       /* 1 when it holds RELIABLE producers back (0: passive/keep-last) */
  uint32_t reserved;
} dmxp_consumer_record_info;
typedef int (*dmxp_consumer_visitor)(const dmxp_consumer_record_info* info, void* user);
/** Calls visit for each used consumer record of the channel (live or parked); stops early
 *  when it returns non-zero. Reads without attaching. Thread-safe. */
DMXP_API int dmxp_channel_consumers(const char* domain, const char* channel,
                                    dmxp_consumer_visitor visit, void* user);
/** Removes the channel's segment name; attached processes keep their mapping. */
DMXP_API int dmxp_channel_remove(const char* domain, const char* channel);
/** Removes every channel of the domain that no live process has attached (no live producer
 *  or consumer record, no parked named cursor unless remove_parked), and broken segments of
 *  this uid. *removed = count. A channel still being created (an empty file, or a header not
 *  yet marked ready) is left alone while its creator lives or, creator not yet recorded, for
 *  10 s after the file was last modified. Segments of other users are never touched. */
DMXP_API int dmxp_channel_gc(const char* domain, int remove_parked, uint32_t* removed);

/* ---- Process identity ----------------------------------------------------------------
 * DMXP decides whether the owner of a record is alive by pid plus the process start time
 * (field 22 of /proc/<pid>/stat), so a reused pid is never taken for the process that
 * registered. Exported so that layers above (node runtime, launcher, tools) apply the same
 * rule. Thread-safe. */

/** Start time of process pid in clock ticks since boot; 0 when it cannot be read. */
DMXP_API uint64_t dmxp_process_start_time(int32_t pid);
/** 1 when pid is alive and, unless start_time is 0, still the same process; 0 when it is
 *  gone, a zombie, or another process now holds the pid. */
DMXP_API int dmxp_process_alive(int32_t pid, uint64_t start_time);

#ifdef __cplusplus
}
#endif
#endif /* DMXP_DMXP_H */
