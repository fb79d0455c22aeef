//! The C ABI (framework/dmxp/include/dmxp/dmxp.h), declared by hand: the part the binding
//! uses. Struct layouts must match the header exactly; the test below checks them against the
//! x86-64/aarch64 LP64 layout a C compiler gives dmxp.h.
#![allow(non_camel_case_types)]

use std::os::raw::{c_char, c_int, c_void};

pub const DMXP_FOREVER: i64 = -1;

#[repr(C)]
pub struct dmxp_channel_options {
    pub struct_size: u32,
    pub domain: *const c_char,
    pub mode: c_int,
    pub backpressure: c_int,
    pub capacity: u32,
    pub slot_size: u32,
    pub type_fingerprint: u64,
    pub type_name: *const c_char,
    pub permissions: u32,
    pub max_consumers: u32,
    pub max_producers: u32,
    pub create: c_int,
    pub stall_timeout_ns: i64,
    pub type_descriptor: *const c_void,
    pub type_descriptor_size: u64,
}

#[repr(C)]
pub struct dmxp_consumer_options {
    pub struct_size: u32,
    pub name: *const c_char,
    pub start: c_int,
    pub spin_ns: i64,
    pub passive: c_int,
}

#[repr(C)]
pub struct dmxp_message {
    pub data: *const c_void,
    pub size: usize,
    pub key: u64,
    pub timestamp_ns: u64,
    pub producer_pid: i32,
    pub batch_index: u32,
    pub batch_count: u32,
    pub reserved: u32,
}

#[repr(C)]
pub struct dmxp_iovec {
    pub data: *const c_void,
    pub size: usize,
}

/// Runs a dmxp_*_options_init on a scratch buffer larger than any version of the struct and
/// copies out this binding's part, with struct_size saying how much that is: a core newer
/// than this declaration (a longer struct) then neither writes past it nor reads fields it
/// lacks (it takes defaults for them).
pub unsafe fn init_options<T>(init: unsafe extern "C" fn(*mut T)) -> T {
    #[repr(C, align(16))]
    struct Scratch([u8; 1024]);
    let mut scratch = Scratch([0; 1024]);
    init(scratch.0.as_mut_ptr().cast());
    let mut out: T = std::ptr::read(scratch.0.as_ptr().cast());
    *(&mut out as *mut T as *mut u32) = std::mem::size_of::<T>() as u32; // struct_size comes first
    out
}

pub enum dmxp_producer {}
pub enum dmxp_consumer {}

extern "C" {
    pub fn dmxp_strerror(status: c_int) -> *const c_char;
    pub fn dmxp_last_error() -> *const c_char;
    pub fn dmxp_abi_version() -> u32;
    pub fn dmxp_channel_options_init(options: *mut dmxp_channel_options);
    pub fn dmxp_consumer_options_init(options: *mut dmxp_consumer_options);

    pub fn dmxp_producer_open(channel: *const c_char, options: *const dmxp_channel_options,
                              out: *mut *mut dmxp_producer) -> c_int;
    pub fn dmxp_producer_close(producer: *mut dmxp_producer);
    pub fn dmxp_producer_send(producer: *mut dmxp_producer, data: *const c_void, size: usize,
                              timeout_ns: i64, key_out: *mut u64) -> c_int;
    pub fn dmxp_producer_loan(producer: *mut dmxp_producer, max_size: usize,
                              buffer: *mut *mut c_void, timeout_ns: i64) -> c_int;
    pub fn dmxp_producer_commit(producer: *mut dmxp_producer, size: usize, key_out: *mut u64) -> c_int;
    pub fn dmxp_producer_abort(producer: *mut dmxp_producer) -> c_int;
    pub fn dmxp_producer_send_batch(producer: *mut dmxp_producer, messages: *const dmxp_iovec,
                                    count: u32, timeout_ns: i64, first_key_out: *mut u64) -> c_int;
    pub fn dmxp_producer_max_message_size(producer: *const dmxp_producer) -> usize;

    pub fn dmxp_consumer_open(channel: *const c_char, channel_options: *const dmxp_channel_options,
                              options: *const dmxp_consumer_options, out: *mut *mut dmxp_consumer) -> c_int;
    pub fn dmxp_consumer_close(consumer: *mut dmxp_consumer);
    pub fn dmxp_consumer_try_receive(consumer: *mut dmxp_consumer, out: *mut dmxp_message) -> c_int;
    pub fn dmxp_consumer_receive(consumer: *mut dmxp_consumer, out: *mut dmxp_message, timeout_ns: i64) -> c_int;
    pub fn dmxp_consumer_release(consumer: *mut dmxp_consumer) -> c_int;
    pub fn dmxp_consumer_seek(consumer: *mut dmxp_consumer, key: u64) -> c_int;
    pub fn dmxp_consumer_lost(consumer: *const dmxp_consumer) -> u64;

    pub fn dmxp_channel_remove(domain: *const c_char, channel: *const c_char) -> c_int;
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{offset_of, size_of};

    #[test]
    fn structs_match_the_c_layout() {
        assert_eq!(size_of::<dmxp_channel_options>(), 88);
        assert_eq!(offset_of!(dmxp_channel_options, type_fingerprint), 32);
        assert_eq!(offset_of!(dmxp_channel_options, stall_timeout_ns), 64);
        assert_eq!(offset_of!(dmxp_channel_options, type_descriptor_size), 80);
        assert_eq!(size_of::<dmxp_consumer_options>(), 40);
        assert_eq!(offset_of!(dmxp_consumer_options, spin_ns), 24);
        assert_eq!(size_of::<dmxp_message>(), 48);
        assert_eq!(offset_of!(dmxp_message, batch_count), 40);
        assert_eq!(size_of::<dmxp_iovec>(), 16);
    }
}
