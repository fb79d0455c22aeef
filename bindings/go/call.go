package dmxp

// #include <dmxp/dmxp.h>
import "C"
import "runtime"

// call runs one C ABI call and reads its thread-local error message on the same OS thread
// (a goroutine may otherwise move between the two).
func call(f func() C.int) error {
	runtime.LockOSThread()
	err := statusError(f())
	runtime.UnlockOSThread()
	return err
}
