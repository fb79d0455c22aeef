package dmxp

import (
	"fmt"
	"unsafe"
)

// MessageType is implemented by the structs dmxp-msgc generates (--lang go): fixed-layout
// values that live in ring slots as they are, with the same bytes in every language.
// The methods carry a Msg prefix so that no field name can clash with them.
type MessageType interface {
	MsgTypeName() string    // "package/Type"
	MsgFingerprint() uint64 // FNV-1a 64 of the normalized definition
	MsgDescriptor() string  // JSON layout descriptor stored in typed channels
	MsgFields() []FieldInfo // every field with the offset and size Go gave it
}

// DefaultPatch is one .msg default of a generated type: Bytes to write at Offset of a zeroed
// message (MsgDefaults lists them, nested messages' included).
type DefaultPatch struct {
	Offset uintptr
	Bytes  string
}

// SetDefaults writes the .msg defaults of *m over it, leaving every other byte; a no-op for a
// type without MsgDefaults. On a zeroed T the result has the bytes of the C++ T().
func SetDefaults[T any](m *T) {
	d, ok := any(*m).(interface{ MsgDefaults() []DefaultPatch })
	if !ok {
		return
	}
	b := unsafe.Slice((*byte)(unsafe.Pointer(m)), unsafe.Sizeof(*m))
	for _, p := range d.MsgDefaults() {
		copy(b[p.Offset:], p.Bytes)
	}
}

// FieldInfo is one field of a generated type as the Go compiler laid it out.
type FieldInfo struct {
	Name   string
	Offset uintptr
	Size   uintptr
}

// String is a bounded string stored in place: a uint32 size and the bytes of A, an array
// type [N]byte giving the capacity.
type String[A any] struct {
	Size uint32
	Data A
}

func bytesOf[A any](a *A) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(a)), unsafe.Sizeof(*a))
}

// Bytes are the bytes in use (the stored size is clamped to the capacity).
func (s *String[A]) Bytes() []byte {
	b := bytesOf(&s.Data)
	return b[:min(int(s.Size), len(b))]
}

// String is the text (UTF-8 by convention).
func (s *String[A]) String() string { return string(s.Bytes()) }

// Set replaces the content; an error naming the capacity when text is too long.
func (s *String[A]) Set(text string) error {
	b := bytesOf(&s.Data)
	if len(text) > len(b) {
		return fmt.Errorf("%d bytes exceed the field's capacity of %d", len(text), len(b))
	}
	n := copy(b, text)
	clear(b[n:])
	s.Size = uint32(n)
	return nil
}

// Seq is a bounded sequence of T stored in place: a uint32 size and the elements of A, an
// array type [N]T giving the capacity (8-aligned elements start at offset 8, as in C++).
type Seq[T any, A any] struct {
	Size uint32
	Data A
}

func (s *Seq[T, A]) all() []T {
	var zero T
	return unsafe.Slice((*T)(unsafe.Pointer(&s.Data)), unsafe.Sizeof(s.Data)/unsafe.Sizeof(zero))
}

// Items are the elements in use, writable in place (the size is clamped to the capacity).
func (s *Seq[T, A]) Items() []T {
	all := s.all()
	return all[:min(int(s.Size), len(all))]
}

// Set replaces the content; an error naming the capacity when there are too many items.
func (s *Seq[T, A]) Set(items []T) error {
	all := s.all()
	if len(items) > len(all) {
		return fmt.Errorf("%d elements exceed the field's capacity of %d", len(items), len(all))
	}
	s.Size = uint32(copy(all, items))
	return nil
}

// As views a received message's bytes as a T in place (no copy), or fails when the size or
// alignment does not fit. The result follows the lifetime of data (see ReceiveView).
func As[T any](data []byte) (*T, error) {
	var zero T
	if uintptr(len(data)) != unsafe.Sizeof(zero) || len(data) == 0 ||
		uintptr(unsafe.Pointer(&data[0]))%unsafe.Alignof(zero) != 0 {
		return nil, newError(StatusIncompatible, fmt.Sprintf("a %d-byte message is not a %T (%d bytes)", len(data), zero, unsafe.Sizeof(zero)))
	}
	return (*T)(unsafe.Pointer(&data[0])), nil
}

// LoanAs claims a slot for one T holding its .msg defaults (every other byte zero, as
// New<Type> gives) to fill in place; Commit the loan with
// unsafe.Sizeof(T) bytes (CommitAll does).
func LoanAs[T any](p *Producer) (*T, *Loan, error) {
	var zero T
	l, err := p.Loan(int(unsafe.Sizeof(zero)))
	if err != nil {
		return nil, nil, err
	}
	clear(l.buf)
	v, err := As[T](l.buf)
	if err != nil {
		l.Abort()
		return nil, nil, err
	}
	SetDefaults(v)
	return v, l, nil
}

// CommitAll publishes the whole loaned size.
func (l *Loan) CommitAll() (uint64, error) { return l.Commit(len(l.buf)) }
