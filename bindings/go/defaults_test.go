package dmxp_test

import (
	"context"
	"testing"
	"unsafe"

	"dmxp.local/dmxp"
)

// defaulted stands for a type dmxp-msgc generates (their MsgDefaults against C++ for every
// standard type: tests/msgc/langs): int32 count -7, float64 gain 2.5, uint32 untouched.
type defaulted struct {
	Count     int32
	_         [4]byte
	Gain      float64
	Untouched uint32
	_         [4]byte
}

func (defaulted) MsgDefaults() []dmxp.DefaultPatch {
	return []dmxp.DefaultPatch{{Offset: 0, Bytes: "\xf9\xff\xff\xff"}, {Offset: 8, Bytes: "\x00\x00\x00\x00\x00\x00\x04\x40"}}
}

func TestSetDefaultsWritesOnlyTheDefaults(t *testing.T) {
	m := defaulted{Count: 1, Untouched: 5}
	dmxp.SetDefaults(&m)
	if m.Count != -7 || m.Gain != 2.5 || m.Untouched != 5 {
		t.Fatalf("got %+v, want count -7, gain 2.5, untouched 5", m)
	}
	var plain struct{ X int32 } // no MsgDefaults: left alone
	plain.X = 3
	if dmxp.SetDefaults(&plain); plain.X != 3 {
		t.Fatalf("a type without defaults changed: %d", plain.X)
	}
}

func TestLoanAsHoldsTheDefaultsInAReusedSlot(t *testing.T) {
	d := testDomain(t)
	p, err := dmxp.OpenProducer("defaults", dmxp.WithDomain(d), dmxp.WithCapacity(2))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	c, _ := dmxp.OpenConsumer("defaults", dmxp.WithDomain(d), dmxp.WithCapacity(2))
	defer c.Close()
	size := int(unsafe.Sizeof(defaulted{}))
	for i := 0; i < 2; i++ { // both slots full of 0xFF first
		l, _ := p.Loan(size)
		for j := range l.Bytes() {
			l.Bytes()[j] = 0xFF
		}
		l.CommitAll()
		c.Receive(context.Background())
	}
	for round := uint32(0); round < 2; round++ {
		v, l, err := dmxp.LoanAs[defaulted](p)
		if err != nil {
			t.Fatal(err)
		}
		if want := (defaulted{Count: -7, Gain: 2.5}); *v != want {
			t.Fatalf("round %d: loan holds %+v, want %+v", round, *v, want)
		}
		v.Untouched = round
		l.CommitAll()
		m, err := c.Receive(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		got, err := dmxp.As[defaulted](m.Data)
		if err != nil || *got != (defaulted{Count: -7, Gain: 2.5, Untouched: round}) {
			t.Fatalf("round %d: received %+v (%v)", round, got, err)
		}
	}
}
