//! The rpath to libdmxp, so the engine runs without LD_LIBRARY_PATH.
fn main() {
    dmxp_build::link_rpath_to_dmxp();
}
