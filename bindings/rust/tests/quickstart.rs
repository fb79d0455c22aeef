//! The product sheet's Rust Quick Start, exactly as written, on channel 100 of a test domain.
mod common;

use dmxp::{Consumer, Producer};

#[test]
fn product_sheet_quick_start() -> Result<(), Box<dyn std::error::Error>> {
    let domain = common::TestDomain::new();
    // The only test in this process: setting the variable races with nothing.
    std::env::set_var("DMXP_DOMAIN", &domain.name);

    let prod = Producer::new(100)?;
    prod.send(b"Hello from Rust")?;

    let recv = Consumer::new(100)?;
    let msg = recv.receive()?;
    assert_eq!(&*msg, b"Hello from Rust");
    assert_eq!(msg.producer_pid(), std::process::id() as i32);
    Ok(())
}
