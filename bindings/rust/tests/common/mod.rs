//! A DMXP domain of one test alone, under $DMXP_TEST_DOMAIN_PREFIX, removed with everything
//! in it (channels and the key segment) when dropped.
#![allow(dead_code)] // each test file uses a part

use std::sync::atomic::{AtomicU32, Ordering};

pub struct TestDomain {
    pub name: String,
}

impl TestDomain {
    pub fn new() -> TestDomain {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let prefix = std::env::var("DMXP_TEST_DOMAIN_PREFIX").unwrap_or_else(|_| "t".into());
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        TestDomain { name: format!("{prefix}rs{}_{n}", std::process::id()) }
    }

    pub fn options(&self) -> dmxp::ChannelOptions {
        dmxp::ChannelOptions::new().domain(&self.name).unwrap()
    }
}

impl Drop for TestDomain {
    fn drop(&mut self) {
        let start = format!("dmxp.{}.", self.name);
        for entry in std::fs::read_dir("/dev/shm").unwrap().flatten() {
            if entry.file_name().to_string_lossy().starts_with(&start) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}
