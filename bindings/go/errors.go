package dmxp

// #include <dmxp/dmxp.h>
import "C"

// Status is a dmxp_status code of the C ABI.
type Status int

// The C ABI's status codes (dmxp.h documents each).
const (
	StatusInvalidArgument Status = -1
	StatusNotFound        Status = -2
	StatusExists          Status = -3
	StatusPermission      Status = -4
	StatusCorrupt         Status = -5
	StatusIncompatible    Status = -6
	StatusWouldBlock      Status = -7
	StatusTimeout         Status = -8
	StatusTooLarge        Status = -9
	StatusOverrun         Status = -10
	StatusBusy            Status = -11
	StatusResource        Status = -12
	StatusInterrupted     Status = -13
	StatusSystem          Status = -14
	StatusUnsupported     Status = -15
)

// String is the status's name as dmxp.h spells it ("DMXP_ERR_TIMEOUT"), from the core.
func (s Status) String() string { return C.GoString(C.dmxp_status_name(C.int(s))) }

// Error is a failed DMXP call: its status and the core's message (naming the segment or
// channel and what to do). errors.Is(err, dmxp.ErrNotFound) matches by status.
type Error struct {
	Status  Status
	Message string
}

func (e *Error) Error() string { return e.Message }

// Is reports whether target is an *Error with the same status (the sentinels below).
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Status == e.Status
}

func sentinel(s Status) *Error {
	return &Error{Status: s, Message: C.GoString(C.dmxp_strerror(C.int(s)))}
}

// Sentinels for errors.Is.
var (
	ErrInvalidArgument = sentinel(StatusInvalidArgument)
	ErrNotFound        = sentinel(StatusNotFound)
	ErrExists          = sentinel(StatusExists)
	ErrPermission      = sentinel(StatusPermission)
	ErrCorrupt         = sentinel(StatusCorrupt)
	ErrIncompatible    = sentinel(StatusIncompatible)
	ErrWouldBlock      = sentinel(StatusWouldBlock)
	ErrTimeout         = sentinel(StatusTimeout)
	ErrTooLarge        = sentinel(StatusTooLarge)
	ErrOverrun         = sentinel(StatusOverrun)
	ErrBusy            = sentinel(StatusBusy)
	ErrResource        = sentinel(StatusResource)
	ErrInterrupted     = sentinel(StatusInterrupted)
	ErrSystem          = sentinel(StatusSystem)
	ErrUnsupported     = sentinel(StatusUnsupported)
)

// statusError turns a C status into nil or an *Error with the core's detailed message. It
// must run on the thread of the failed call: callers lock the OS thread around both.
func statusError(rc C.int) error {
	if rc == C.DMXP_OK {
		return nil
	}
	msg := C.GoString(C.dmxp_last_error()) // "" after WOULD_BLOCK and TIMEOUT
	if msg == "" {
		msg = C.GoString(C.dmxp_strerror(rc))
	}
	return &Error{Status: Status(rc), Message: msg}
}

func newError(s Status, msg string) error { return &Error{Status: s, Message: msg} }
