package dmxp

// #cgo CFLAGS: -I${SRCDIR}/../../framework/dmxp/include
// #cgo LDFLAGS: -ldmxp
// #include <dmxp/dmxp.h>
import "C"
