package dmxp

// #include <dmxp/dmxp.h>
import "C"
import (
	"context"
	"runtime"
	"strconv"
	"time"
	"unsafe"
)

// waitSlice bounds one blocking C wait while a context can be cancelled: a cancellation is
// noticed within this long.
const waitSlice = 5 * time.Millisecond

// Consumer reads messages from one channel. Not safe for concurrent use.
type Consumer struct {
	h *C.dmxp_consumer
}

// Message is a received message, copied into Go memory (Receive), or a view of the slot
// (ReceiveView: Data is valid until the next receive, Release or Close on the consumer).
type Message struct {
	Data        []byte
	Key         uint64 // domain-wide ordered key
	TimestampNs uint64 // CLOCK_REALTIME at commit
	ProducerPid int32
	BatchIndex  uint32 // position inside its atomic batch
	BatchCount  uint32 // size of its atomic batch (1 for single messages)
}

// NewConsumer attaches to the channel with numeric id channelID (creating it if needed),
// starting at the oldest message it holds.
func NewConsumer(channelID uint64, opts ...Option) (*Consumer, error) {
	return OpenConsumer(strconv.FormatUint(channelID, 10), opts...)
}

// OpenConsumer attaches to the channel name.
func OpenConsumer(name string, opts ...Option) (*Consumer, error) {
	o := newConfig(opts).toC()
	defer o.free()
	cname := o.str(name)
	c := &Consumer{}
	if err := call(func() C.int { return C.dmxp_consumer_open(cname, &o.channel, &o.consumer, &c.h) }); err != nil {
		return nil, err
	}
	runtime.SetFinalizer(c, (*Consumer).Close)
	return c, nil
}

// Close detaches; views from ReceiveView end. Calling it again does nothing.
func (c *Consumer) Close() {
	if c.h != nil {
		C.dmxp_consumer_close(c.h)
		c.h = nil
		runtime.SetFinalizer(c, nil)
	}
}

// Receive waits for the next message and returns a copy of it. It returns ctx.Err() when
// ctx is cancelled or its deadline passes first.
func (c *Consumer) Receive(ctx context.Context) (Message, error) {
	m, err := c.ReceiveView(ctx)
	if err == nil {
		m.Data = append([]byte(nil), m.Data...)
		err = c.Release()
	}
	return m, err
}

// ReceiveView waits for the next message like Receive, without copying: Data is a slice over
// the slot in shared memory, valid until the next Receive, ReceiveView, TryReceiveView,
// Release or Close on this consumer. Do not write to it or keep it longer.
func (c *Consumer) ReceiveView(ctx context.Context) (Message, error) {
	if c.h == nil {
		return Message{}, newError(StatusInvalidArgument, "the consumer is closed")
	}
	for {
		if err := ctx.Err(); err != nil {
			return Message{}, err
		}
		wait := int64(C.DMXP_FOREVER)
		if ctx.Done() != nil {
			wait = int64(waitSlice)
		}
		if deadline, ok := ctx.Deadline(); ok {
			wait = min(wait, int64(time.Until(deadline)))
			if wait < 0 {
				return Message{}, context.DeadlineExceeded
			}
		}
		m, err := c.receive(wait)
		if err == nil || !(isStatus(err, StatusTimeout) || isStatus(err, StatusInterrupted)) {
			return m, err
		}
	}
}

// TryReceiveView returns the next message as a view if one is there, else ErrWouldBlock.
func (c *Consumer) TryReceiveView() (Message, error) {
	if c.h == nil {
		return Message{}, newError(StatusInvalidArgument, "the consumer is closed")
	}
	return c.receive(0)
}

func (c *Consumer) receive(timeoutNs int64) (Message, error) {
	var raw C.dmxp_message
	h := c.h
	var err error
	if timeoutNs == 0 {
		err = call(func() C.int { return C.dmxp_consumer_try_receive(h, &raw) })
	} else {
		err = call(func() C.int { return C.dmxp_consumer_receive(h, &raw, C.int64_t(timeoutNs)) })
	}
	if err != nil {
		return Message{}, err
	}
	m := Message{
		Key: uint64(raw.key), TimestampNs: uint64(raw.timestamp_ns), ProducerPid: int32(raw.producer_pid),
		BatchIndex: uint32(raw.batch_index), BatchCount: uint32(raw.batch_count),
	}
	if raw.size > 0 {
		m.Data = unsafe.Slice((*byte)(raw.data), int(raw.size))
	} else {
		m.Data = []byte{}
	}
	return m, nil
}

// Release ends the current view. ErrOverrun on a keep-last channel whose producer
// overwrote the slot while it was held.
func (c *Consumer) Release() error {
	if c.h == nil {
		return nil
	}
	h := c.h
	return call(func() C.int { return C.dmxp_consumer_release(h) })
}

// Lost counts messages skipped because a keep-last producer overwrote them.
func (c *Consumer) Lost() uint64 {
	if c.h == nil {
		return 0
	}
	return uint64(C.dmxp_consumer_lost(c.h))
}

func isStatus(err error, s Status) bool {
	e, ok := err.(*Error)
	return ok && e.Status == s
}

// RemoveChannel removes the channel name of domain ("" for $DMXP_DOMAIN or "default");
// attached processes keep their mapping.
func RemoveChannel(domain, name string) error {
	o := &cOptions{}
	defer o.free()
	d, n := o.str(domain), o.str(name)
	return call(func() C.int { return C.dmxp_channel_remove(d, n) })
}
