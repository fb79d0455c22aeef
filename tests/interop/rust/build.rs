//! The types dmxp-msgc wrote to $DMXP_MSGC_OUTPUT as a module tree; the rpath to libdmxp.
fn main() {
    dmxp_build::messages_from_env();
}
