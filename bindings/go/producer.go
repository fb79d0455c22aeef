package dmxp

// #include <dmxp/dmxp.h>
import "C"
import (
	"fmt"
	"runtime"
	"strconv"
	"unsafe"
)

// Producer publishes messages into one channel. Not safe for concurrent use.
type Producer struct {
	h    *C.dmxp_producer
	loan *Loan
}

// NewProducer opens (creating if needed) the channel with numeric id channelID.
func NewProducer(channelID uint64, opts ...Option) (*Producer, error) {
	return OpenProducer(strconv.FormatUint(channelID, 10), opts...)
}

// OpenProducer opens the channel name.
func OpenProducer(name string, opts ...Option) (*Producer, error) {
	o := newConfig(opts).toC()
	defer o.free()
	cname := o.str(name)
	p := &Producer{}
	if err := call(func() C.int { return C.dmxp_producer_open(cname, &o.channel, &p.h) }); err != nil {
		return nil, err
	}
	runtime.SetFinalizer(p, (*Producer).Close)
	return p, nil
}

// Close detaches (aborting an outstanding loan). Calling it again does nothing.
func (p *Producer) Close() {
	if p.h != nil {
		C.dmxp_producer_close(p.h)
		p.h = nil
		runtime.SetFinalizer(p, nil)
	}
}

func (p *Producer) handle() (*C.dmxp_producer, error) {
	if p.h == nil {
		return nil, newError(StatusInvalidArgument, "the producer is closed")
	}
	return p.h, nil
}

// Send copies data into a slot and publishes it, waiting as long as a full reliable
// channel takes.
func (p *Producer) Send(data []byte) error {
	_, err := p.SendKey(data)
	return err
}

// SendKey is Send returning the message's key.
func (p *Producer) SendKey(data []byte) (uint64, error) {
	h, err := p.handle()
	if err != nil {
		return 0, err
	}
	var key C.uint64_t
	var ptr unsafe.Pointer
	if len(data) > 0 {
		ptr = unsafe.Pointer(&data[0])
	}
	err = call(func() C.int { return C.dmxp_producer_send(h, ptr, C.size_t(len(data)), C.DMXP_FOREVER, &key) })
	return uint64(key), err
}

// Loan claims a slot of size bytes to write in place (zero-copy). Publish it with Commit or
// give it back with Abort; a producer holds one loan at a time.
func (p *Producer) Loan(size int) (*Loan, error) {
	h, err := p.handle()
	if err != nil {
		return nil, err
	}
	var buf unsafe.Pointer
	if err := call(func() C.int { return C.dmxp_producer_loan(h, C.size_t(size), &buf, C.DMXP_FOREVER) }); err != nil {
		return nil, err
	}
	p.loan = &Loan{p: p, buf: unsafe.Slice((*byte)(buf), size)}
	return p.loan, nil
}

// MaxMessageSize is the largest message the channel takes (its slot size).
func (p *Producer) MaxMessageSize() int {
	if p.h == nil {
		return 0
	}
	return int(C.dmxp_producer_max_message_size(p.h))
}

// Loan is a claimed slot. Bytes is valid until Commit or Abort.
type Loan struct {
	p   *Producer
	buf []byte
}

// Bytes is the slot's memory, to write in place.
func (l *Loan) Bytes() []byte { return l.buf }

// Commit publishes the first size bytes and returns the key.
func (l *Loan) Commit(size int) (uint64, error) {
	if l.p != nil && size > len(l.buf) {
		return 0, newError(StatusTooLarge, fmt.Sprintf("commit of %d bytes exceeds the loan of %d bytes", size, len(l.buf)))
	}
	h, err := l.end()
	if err != nil {
		return 0, err
	}
	var key C.uint64_t
	err = call(func() C.int { return C.dmxp_producer_commit(h, C.size_t(size), &key) })
	return uint64(key), err
}

// Abort gives the slot back unpublished: consumers never see it.
func (l *Loan) Abort() error {
	h, err := l.end()
	if err != nil {
		return err
	}
	return call(func() C.int { return C.dmxp_producer_abort(h) })
}

func (l *Loan) end() (*C.dmxp_producer, error) {
	if l.p == nil || l.p.loan != l {
		return nil, newError(StatusInvalidArgument, "the loan was already committed or aborted")
	}
	l.p.loan, l.buf = nil, nil
	p := l.p
	l.p = nil
	return p.handle()
}
