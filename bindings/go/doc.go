// Package dmxp is the Go binding of DMXP, the shared-memory multi-producer multi-consumer
// transport, over its C ABI (dmxp.h, libdmxp.so) through cgo.
//
//	p, _ := dmxp.NewProducer(100)          // creates channel 100 if needed
//	p.Send([]byte("Hello from Go"))
//	c, _ := dmxp.NewConsumer(100)          // a late joiner starts at the oldest message
//	msg, err := c.Receive(ctx)             // honours ctx's cancellation and deadline
//
// Receive copies the payload into Go memory. ReceiveView returns a slice over the slot
// itself (no copy): it stays valid until the next Receive, ReceiveView, Release or Close on
// the same consumer, and must not be kept or written past that.
//
// Building: cgo finds dmxp.h and libdmxp.so through pkg-config (#cgo pkg-config: dmxp):
// install DMXP, or use a build tree with PKG_CONFIG_PATH=<build>/pkgconfig (its dmxp.pc
// points at the source headers and <build>/lib, with an rpath).
//
// Concurrency: a Producer or Consumer may be used by one goroutine at a time (the core's
// handles move between threads but are not shared); open one per goroutine.
package dmxp
