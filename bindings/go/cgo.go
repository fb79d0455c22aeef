package dmxp

// dmxp.h and libdmxp.so come through pkg-config: the dmxp.pc of an installed DMXP, or the one
// of a build tree (PKG_CONFIG_PATH=<build>/pkgconfig, which also sets an rpath to <build>/lib).

// #cgo pkg-config: dmxp
// #include <dmxp/dmxp.h>
import "C"
