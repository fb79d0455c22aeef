package dmxp_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"sync"
	"testing"
	"time"

	"dmxp.local/dmxp"
)

func payload(i int) []byte {
	b := make([]byte, 8+(i*7)%200)
	for j := range b {
		b[j] = byte(i*31 + j)
	}
	return b
}

func TestProducerConsumerOrderAcrossGoroutines(t *testing.T) {
	d := testDomain(t)
	c, err := dmxp.OpenConsumer("order", dmxp.WithDomain(d), dmxp.WithCapacity(64))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	const n = 5000
	go func() {
		p, err := dmxp.OpenProducer("order", dmxp.WithDomain(d))
		if err != nil {
			panic(err)
		}
		defer p.Close()
		for i := 0; i < n; i++ {
			if err := p.Send(payload(i)); err != nil {
				panic(err)
			}
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var last uint64
	for i := 0; i < n; i++ {
		m, err := c.Receive(ctx)
		if err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		if !bytes.Equal(m.Data, payload(i)) || m.Key <= last {
			t.Fatalf("message %d: wrong payload or key", i)
		}
		last = m.Key
	}
	if _, err := c.TryReceiveView(); !errors.Is(err, dmxp.ErrWouldBlock) {
		t.Fatalf("want ErrWouldBlock, got %v", err)
	}
}

func TestNumericIdsAndZeroCopyView(t *testing.T) {
	d := testDomain(t)
	p, err := dmxp.NewProducer(100, dmxp.WithDomain(d))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if err := p.Send([]byte("Hello from Go")); err != nil {
		t.Fatal(err)
	}
	c, err := dmxp.NewConsumer(100, dmxp.WithDomain(d))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	v, err := c.ReceiveView(context.Background())
	if err != nil || string(v.Data) != "Hello from Go" || v.BatchCount != 1 {
		t.Fatalf("view %q %v", v.Data, err)
	}
	if err := c.Release(); err != nil {
		t.Fatal(err)
	}
}

func TestReceiveHonoursCancellationAndDeadline(t *testing.T) {
	d := testDomain(t)
	c, err := dmxp.OpenConsumer("idle", dmxp.WithDomain(d))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := c.Receive(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want DeadlineExceeded, got %v", err)
	}
	if el := time.Since(start); el < 25*time.Millisecond || el > 2*time.Second {
		t.Fatalf("deadline took %v", el)
	}
	ctx2, cancel2 := context.WithCancel(context.Background())
	go func() { time.Sleep(20 * time.Millisecond); cancel2() }()
	if _, err := c.Receive(ctx2); !errors.Is(err, context.Canceled) {
		t.Fatalf("want Canceled, got %v", err)
	}
}

func TestLoanCommitAndAbort(t *testing.T) {
	d := testDomain(t)
	p, _ := dmxp.OpenProducer("loan", dmxp.WithDomain(d))
	defer p.Close()
	c, _ := dmxp.OpenConsumer("loan", dmxp.WithDomain(d))
	defer c.Close()
	l, err := p.Loan(64)
	if err != nil {
		t.Fatal(err)
	}
	copy(l.Bytes(), "in place")
	key, err := l.Commit(8)
	if err != nil {
		t.Fatal(err)
	}
	l2, _ := p.Loan(64)
	copy(l2.Bytes(), "aborted")
	if err := l2.Abort(); err != nil {
		t.Fatal(err)
	}
	if _, err := l2.Commit(1); err == nil || err.Error() != "the loan was already committed or aborted" {
		t.Fatalf("second end of a loan: %v", err)
	}
	l3, _ := p.Loan(4)
	if _, err := l3.Commit(5); !errors.Is(err, dmxp.ErrTooLarge) || err.Error() != "commit of 5 bytes exceeds the loan of 4 bytes" {
		t.Fatalf("oversized commit: %v", err)
	}
	l3.Abort()
	m, err := c.Receive(context.Background())
	if err != nil || string(m.Data) != "in place" || m.Key != key {
		t.Fatalf("got %q key %d (want %d) %v", m.Data, m.Key, key, err)
	}
	if _, err := c.TryReceiveView(); !errors.Is(err, dmxp.ErrWouldBlock) {
		t.Fatalf("aborted loan delivered: %v", err)
	}
}

func TestQueueModeDeliversEachMessageOnce(t *testing.T) {
	d := testDomain(t)
	opts := []dmxp.Option{dmxp.WithDomain(d), dmxp.WithMode(dmxp.Queue), dmxp.WithCapacity(256)}
	p, err := dmxp.OpenProducer("queue", opts...)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	const n, workers = 3000, 3
	var mu sync.Mutex
	seen := map[uint32]int{}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		c, err := dmxp.OpenConsumer("queue", opts...)
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer c.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			for {
				m, err := c.Receive(ctx)
				if err != nil {
					panic(err)
				}
				if len(m.Data) == 0 {
					return
				}
				mu.Lock()
				seen[binary.LittleEndian.Uint32(m.Data)]++
				mu.Unlock()
			}
		}()
	}
	for i := 0; i < n; i++ {
		p.Send(binary.LittleEndian.AppendUint32(nil, uint32(i)))
	}
	for w := 0; w < workers; w++ {
		p.Send(nil)
	}
	wg.Wait()
	if len(seen) != n {
		t.Fatalf("%d distinct messages, want %d", len(seen), n)
	}
	for i, k := range seen {
		if k != 1 {
			t.Fatalf("message %d delivered %d times", i, k)
		}
	}
}

func TestErrorsMatchWithErrorsIs(t *testing.T) {
	d := testDomain(t)
	_, err := dmxp.OpenConsumer("missing", dmxp.WithDomain(d), dmxp.MustExist())
	if !errors.Is(err, dmxp.ErrNotFound) || errors.Is(err, dmxp.ErrExists) {
		t.Fatalf("want ErrNotFound, got %v", err)
	}
	var e *dmxp.Error
	if !errors.As(err, &e) || e.Status != dmxp.StatusNotFound || !bytes.Contains([]byte(e.Message), []byte("missing")) {
		t.Fatalf("message should name the channel: %v", err)
	}
	if _, err := dmxp.OpenProducer("bad/name", dmxp.WithDomain(d)); !errors.Is(err, dmxp.ErrInvalidArgument) {
		t.Fatalf("want ErrInvalidArgument, got %v", err)
	}
	p, _ := dmxp.OpenProducer("small", dmxp.WithDomain(d), dmxp.WithSlotSize(64))
	defer p.Close()
	if p.MaxMessageSize() != 64 {
		t.Fatalf("slot size %d", p.MaxMessageSize())
	}
	c, _ := dmxp.OpenConsumer("small", dmxp.WithDomain(d))
	defer c.Close()
	if err := p.Send(make([]byte, 65)); !errors.Is(err, dmxp.ErrTooLarge) {
		t.Fatalf("want ErrTooLarge, got %v", err)
	}
	// WOULD_BLOCK carries no detail: the message is the status's text, never the TooLarge
	// detail of the failure before it (on this thread or another).
	if _, err := c.TryReceiveView(); !errors.As(err, &e) || e.Message != "would block" {
		t.Fatalf("want a plain ErrWouldBlock, got %v", err)
	}
	if dmxp.StatusTimeout.String() != "DMXP_ERR_TIMEOUT" || dmxp.Status(-99).String() != "DMXP_ERR_UNKNOWN" {
		t.Fatalf("status names: %v %v", dmxp.StatusTimeout, dmxp.Status(-99))
	}
	p.Close()
	if err := p.Send([]byte("x")); err == nil || err.Error() != "the producer is closed" {
		t.Fatalf("send after close: %v", err)
	}
}
