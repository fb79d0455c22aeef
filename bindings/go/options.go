package dmxp

// #include <stdlib.h>
// #include <dmxp/dmxp.h>
import "C"
import "unsafe"

// Mode is the delivery mode, fixed when a channel is created.
type Mode int

const (
	Broadcast Mode = C.DMXP_MODE_BROADCAST // every consumer sees every message
	Queue     Mode = C.DMXP_MODE_QUEUE     // competing consumers: each message to exactly one
)

// Backpressure is the policy of a full ring, fixed when a channel is created.
type Backpressure int

const (
	Reliable Backpressure = C.DMXP_RELIABLE  // producers wait; unread data is never overwritten
	KeepLast Backpressure = C.DMXP_KEEP_LAST // the oldest message is overwritten
)

// Start is where a new broadcast consumer begins.
type Start int

const (
	StartOldest Start = C.DMXP_START_OLDEST
	StartNewest Start = C.DMXP_START_NEWEST
)

// config collects the options of a producer or consumer; unset values take the existing
// channel's value, or the core's default when creating.
type config struct {
	domain       string
	mode         Mode
	backpressure Backpressure
	capacity     uint32
	slotSize     uint32
	mustExist    bool
	typeName     string
	fingerprint  uint64
	descriptor   string
	consumerName string
	start        Start
	spinNs       *int64
}

// Option sets one property of a channel or consumer.
type Option func(*config)

// WithDomain selects the domain (default: $DMXP_DOMAIN, else "default").
func WithDomain(domain string) Option { return func(c *config) { c.domain = domain } }

// WithMode sets the delivery mode of a new channel.
func WithMode(m Mode) Option { return func(c *config) { c.mode = m } }

// WithBackpressure sets the backpressure policy of a new channel.
func WithBackpressure(b Backpressure) Option { return func(c *config) { c.backpressure = b } }

// WithCapacity sets the number of slots of a new channel (a power of two).
func WithCapacity(slots uint32) Option { return func(c *config) { c.capacity = slots } }

// WithSlotSize sets the largest message of a new channel, in bytes.
func WithSlotSize(bytes uint32) Option { return func(c *config) { c.slotSize = bytes } }

// MustExist fails with ErrNotFound instead of creating a missing channel.
func MustExist() Option { return func(c *config) { c.mustExist = true } }

// WithType makes the channel typed: the fingerprint must match the channel's, and the name
// and layout descriptor are stored for tools (generated types provide all four values).
func WithType(t MessageType, size uintptr) Option {
	return func(c *config) {
		c.typeName, c.fingerprint, c.descriptor = t.MsgTypeName(), t.MsgFingerprint(), t.MsgDescriptor()
		if uintptr(c.slotSize) < size {
			c.slotSize = uint32(size)
		}
	}
}

// WithConsumerName gives the consumer a durable cursor: a consumer attaching again under the
// same name resumes where this one stopped.
func WithConsumerName(name string) Option { return func(c *config) { c.consumerName = name } }

// WithStart sets where a first attach of a broadcast consumer starts.
func WithStart(s Start) Option { return func(c *config) { c.start = s } }

// WithSpin sets how long blocking receives busy-poll before sleeping (-1: never sleep).
func WithSpin(ns int64) Option { return func(c *config) { c.spinNs = &ns } }

func newConfig(opts []Option) *config {
	c := &config{}
	for _, o := range opts {
		o(c)
	}
	return c
}

// cOptions holds the C structs and the C strings they point to; free releases the strings.
// (C pointers inside Go memory may be passed to C; Go pointers may not, hence C strings.)
type cOptions struct {
	channel  C.dmxp_channel_options
	consumer C.dmxp_consumer_options
	strings  []unsafe.Pointer
}

func (o *cOptions) str(s string) *C.char {
	if s == "" {
		return nil
	}
	p := C.CString(s)
	o.strings = append(o.strings, unsafe.Pointer(p))
	return p
}

func (o *cOptions) free() {
	for _, p := range o.strings {
		C.free(p)
	}
}

// toC builds the C options of c.
func (c *config) toC() *cOptions {
	o := &cOptions{}
	C.dmxp_channel_options_init(&o.channel)
	C.dmxp_consumer_options_init(&o.consumer)
	ch := &o.channel
	ch.domain = o.str(c.domain)
	ch.mode = C.dmxp_mode(c.mode)
	ch.backpressure = C.dmxp_backpressure(c.backpressure)
	ch.capacity = C.uint32_t(c.capacity)
	ch.slot_size = C.uint32_t(c.slotSize)
	if c.mustExist {
		ch.create = 0
	}
	if c.fingerprint != 0 {
		ch.type_fingerprint = C.uint64_t(c.fingerprint)
		ch.type_name = o.str(c.typeName)
		d := o.str(c.descriptor)
		ch.type_descriptor = unsafe.Pointer(d)
		ch.type_descriptor_size = C.uint64_t(len(c.descriptor))
	}
	cons := &o.consumer
	cons.name = o.str(c.consumerName)
	cons.start = C.dmxp_start(c.start)
	if c.spinNs != nil {
		cons.spin_ns = C.int64_t(*c.spinNs)
	}
	return o
}
