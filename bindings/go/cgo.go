package dmxp

// dmxp.h and libdmxp.so through pkg-config: an installed DMXP's dmxp.pc, or a build tree's
// (PKG_CONFIG_PATH=<build>/pkgconfig, which also sets an rpath to <build>/lib).
//
// #cgo pkg-config: dmxp
// #include <dmxp/dmxp.h>
import "C"
