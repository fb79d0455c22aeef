package dmxp_test

import (
	"testing"
	"unsafe"

	"dmxp.local/dmxp"
)

// The containers generated types use have the layout of docs/messages.md: a uint32 size,
// then the elements, 8-aligned ones after 4 reserved bytes.
func TestContainerLayout(t *testing.T) {
	var s dmxp.String[[10]byte]
	var f dmxp.Seq[float64, [3]float64]
	var i dmxp.Seq[int16, [3]int16]
	checks := []struct {
		what      string
		got, want uintptr
	}{
		{"String data offset", unsafe.Offsetof(s.Data), 4},
		{"String size", unsafe.Sizeof(s), 16},
		{"Seq[float64] data offset", unsafe.Offsetof(f.Data), 8},
		{"Seq[float64] size", unsafe.Sizeof(f), 32},
		{"Seq[int16] data offset", unsafe.Offsetof(i.Data), 4},
		{"Seq[int16] size", unsafe.Sizeof(i), 12},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.what, c.got, c.want)
		}
	}
}

func TestContainersKeepTheirCapacity(t *testing.T) {
	var s dmxp.String[[4]byte]
	if err := s.Set("abcd"); err != nil || s.String() != "abcd" {
		t.Fatalf("Set: %v %q", err, s.String())
	}
	if err := s.Set("abcde"); err == nil || err.Error() != "5 bytes exceed the field's capacity of 4" {
		t.Fatalf("too long: %v", err)
	}
	s.Size = 1000 // a hostile writer: reads stay inside the field
	if len(s.Bytes()) != 4 {
		t.Fatalf("size not clamped: %d", len(s.Bytes()))
	}
	var q dmxp.Seq[float64, [2]float64]
	if err := q.Set([]float64{1, 2, 3}); err == nil || err.Error() != "3 elements exceed the field's capacity of 2" {
		t.Fatalf("too many: %v", err)
	}
	q.Set([]float64{1.5})
	if items := q.Items(); len(items) != 1 || items[0] != 1.5 {
		t.Fatalf("items %v", items)
	}
}

func TestAsChecksSizeAndAlignment(t *testing.T) {
	buf := make([]float64, 4)
	b := unsafe.Slice((*byte)(unsafe.Pointer(&buf[0])), 32)
	if _, err := dmxp.As[dmxp.Seq[float64, [3]float64]](b); err != nil {
		t.Fatal(err)
	}
	if _, err := dmxp.As[dmxp.Seq[float64, [3]float64]](b[:31]); err == nil {
		t.Fatal("a short buffer was accepted")
	}
}
