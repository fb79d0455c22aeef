//! Channel and consumer options: builders over dmxp_channel_options / dmxp_consumer_options.
use std::ffi::CString;
use std::ptr;

use crate::error::{Error, ErrorKind, Result};
use crate::ffi;
use crate::typed::MessageType;

/// Delivery mode, fixed when the channel is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every consumer sees every message.
    Broadcast = 1,
    /// Competing consumers: each message goes to exactly one.
    Queue = 2,
}

/// Backpressure policy, fixed when the channel is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backpressure {
    /// A full ring makes producers wait; unread data of a live consumer is never overwritten.
    Reliable = 1,
    /// The oldest message is overwritten; laggards skip ahead and count the loss.
    KeepLast = 2,
}

/// Where a new broadcast consumer starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// At the oldest message the ring holds (the default).
    Oldest = 0,
    /// After the newest one.
    Newest = 1,
}

/// How to open (or create) a channel. Unset values take the existing channel's value, or
/// the core's default when creating (broadcast, reliable, 1024 slots of 4032 bytes).
#[derive(Debug, Clone, Default)]
pub struct ChannelOptions {
    domain: Option<CString>,
    mode: Option<Mode>,
    backpressure: Option<Backpressure>,
    capacity: u32,
    slot_size: u32,
    must_exist: bool,
    type_fingerprint: u64,
    type_name: Option<CString>,
    type_descriptor: Option<Vec<u8>>,
}

impl ChannelOptions {
    /// Options with every value unset.
    pub fn new() -> Self {
        Self::default()
    }
    /// The domain (default: $DMXP_DOMAIN, else "default").
    pub fn domain(mut self, domain: &str) -> Result<Self> {
        self.domain = Some(c_string(domain, "domain")?);
        Ok(self)
    }
    /// Delivery mode of a new channel.
    pub fn mode(mut self, mode: Mode) -> Self {
        self.mode = Some(mode);
        self
    }
    /// Backpressure policy of a new channel.
    pub fn backpressure(mut self, backpressure: Backpressure) -> Self {
        self.backpressure = Some(backpressure);
        self
    }
    /// Slots in the ring (a power of two).
    pub fn capacity(mut self, slots: u32) -> Self {
        self.capacity = slots;
        self
    }
    /// Largest message in bytes.
    pub fn slot_size(mut self, bytes: u32) -> Self {
        self.slot_size = bytes;
        self
    }
    /// Fail with [`ErrorKind::NotFound`] instead of creating a missing channel.
    pub fn must_exist(mut self) -> Self {
        self.must_exist = true;
        self
    }
    /// A typed channel of T: its fingerprint must match the channel's, its name and layout
    /// descriptor are stored for tools, and slots are at least T's size.
    pub fn typed<T: MessageType>(mut self) -> Self {
        self.type_fingerprint = T::FINGERPRINT;
        self.type_name = CString::new(T::TYPE_NAME).ok();
        self.type_descriptor = Some(T::DESCRIPTOR.as_bytes().to_vec());
        if (self.slot_size as usize) < std::mem::size_of::<T>() {
            self.slot_size = std::mem::size_of::<T>() as u32;
        }
        self
    }

    pub(crate) fn domain_ptr(&self) -> *const std::os::raw::c_char {
        self.domain.as_ref().map_or(ptr::null(), |d| d.as_ptr())
    }

    /// The C struct; it borrows self's strings, so it must not outlive self.
    pub(crate) fn raw(&self) -> ffi::dmxp_channel_options {
        // SAFETY: the struct is plain data; init_options bounds what _init may write.
        let mut o = unsafe { ffi::init_options(ffi::dmxp_channel_options_init) };
        o.domain = self.domain_ptr();
        o.mode = self.mode.map_or(0, |m| m as i32);
        o.backpressure = self.backpressure.map_or(0, |b| b as i32);
        o.capacity = self.capacity;
        o.slot_size = self.slot_size;
        o.create = if self.must_exist { 0 } else { 1 };
        o.type_fingerprint = self.type_fingerprint;
        o.type_name = self.type_name.as_ref().map_or(ptr::null(), |n| n.as_ptr());
        if let Some(d) = &self.type_descriptor {
            o.type_descriptor = d.as_ptr().cast();
            o.type_descriptor_size = d.len() as u64;
        }
        o
    }
}

/// How a consumer attaches.
#[derive(Debug, Clone, Default)]
pub struct ConsumerOptions {
    name: Option<CString>,
    start: Option<Start>,
    spin_ns: Option<i64>,
    passive: bool,
}

impl ConsumerOptions {
    /// An anonymous consumer starting at the oldest message.
    pub fn new() -> Self {
        Self::default()
    }
    /// A durable cursor name: a consumer that attaches again resumes where this one stopped.
    pub fn name(mut self, name: &str) -> Result<Self> {
        self.name = Some(c_string(name, "consumer name")?);
        Ok(self)
    }
    /// Where a first attach of a broadcast consumer starts.
    pub fn start(mut self, start: Start) -> Self {
        self.start = Some(start);
        self
    }
    /// Busy-poll this long before sleeping in blocking receives (-1: never sleep).
    pub fn spin_ns(mut self, ns: i64) -> Self {
        self.spin_ns = Some(ns);
        self
    }

    /// An observer of a broadcast channel that never holds reliable producers back: it may
    /// be overtaken, then skips ahead and counts the loss (for monitors and tools).
    pub fn passive(mut self) -> Self {
        self.passive = true;
        self
    }

    pub(crate) fn raw(&self) -> ffi::dmxp_consumer_options {
        // SAFETY: the struct is plain data; init_options bounds what _init may write.
        let mut o = unsafe { ffi::init_options(ffi::dmxp_consumer_options_init) };
        o.name = self.name.as_ref().map_or(ptr::null(), |n| n.as_ptr());
        if let Some(s) = self.start {
            o.start = s as i32;
        }
        if let Some(s) = self.spin_ns {
            o.spin_ns = s;
        }
        o.passive = self.passive as i32;
        o
    }
}

/// A Rust string as a C string; an interior NUL is an invalid argument, named.
pub(crate) fn c_string(text: &str, what: &str) -> Result<CString> {
    CString::new(text).map_err(|_| {
        Error::new(ErrorKind::InvalidArgument, format!("{what} {text:?} contains a NUL byte"))
    })
}
