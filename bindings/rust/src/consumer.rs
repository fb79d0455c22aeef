//! Consumers: received messages are zero-copy views into the ring, borrowed from the consumer.
use std::cell::Cell;
use std::ops::Deref;
use std::ptr::{self, NonNull};
use std::time::Duration;

use crate::error::{check, Error, ErrorKind, Result};
use crate::ffi;
use crate::options::{c_string, ChannelOptions, ConsumerOptions};
use crate::typed::MessageType;
use crate::timeout_ns;

/// Reads messages from one channel.
///
/// The zero-copy lifetime rule of the core (a view stays valid until the next receive on the
/// same consumer) is enforced twice: a [`Message`] borrows its consumer, so the borrow checker
/// refuses to close or move the consumer while a message is alive; and while one message is
/// held, the next receive fails with [`ErrorKind::Busy`] instead of invalidating it. Drop
/// (or [`Message::release`]) the message, then receive the next.
///
/// A consumer belongs to one thread at a time: `Send`, not `Sync`.
pub struct Consumer {
    handle: NonNull<ffi::dmxp_consumer>,
    holding: Cell<bool>,
}

// SAFETY: the core allows a handle to move between threads, one thread at a time; Cell keeps
// the consumer !Sync.
unsafe impl Send for Consumer {}

impl Consumer {
    /// Attaches to the channel with numeric id `channel_id` (creating it if needed), starting
    /// at the oldest message it holds.
    pub fn new(channel_id: u64) -> Result<Consumer> {
        Self::open(&channel_id.to_string(), &ChannelOptions::new(), &ConsumerOptions::new())
    }

    /// Attaches to the channel `name`.
    pub fn open(name: &str, channel: &ChannelOptions, options: &ConsumerOptions) -> Result<Consumer> {
        let name = c_string(name, "channel name")?;
        let (raw_channel, raw_options) = (channel.raw(), options.raw());
        let mut out = ptr::null_mut();
        // SAFETY: every pointer argument lives across the call.
        check(unsafe { ffi::dmxp_consumer_open(name.as_ptr(), &raw_channel, &raw_options, &mut out) })?;
        let handle = NonNull::new(out).expect("dmxp_consumer_open returned OK and no handle");
        Ok(Consumer { handle, holding: Cell::new(false) })
    }

    /// Waits as long as it takes for the next message.
    pub fn receive(&self) -> Result<Message<'_>> {
        self.receive_timeout(None)
    }

    /// The next message if one is there, else [`ErrorKind::WouldBlock`].
    pub fn try_receive(&self) -> Result<Message<'_>> {
        self.receive_timeout(Some(Duration::ZERO))
    }

    /// Waits at most `timeout` (None: without limit); [`ErrorKind::Timeout`] when it runs out.
    pub fn receive_timeout(&self, timeout: Option<Duration>) -> Result<Message<'_>> {
        if self.holding.get() {
            return Err(Error::new(
                ErrorKind::Busy,
                "a received message is still held: drop it (or call release) before the next receive",
            ));
        }
        // SAFETY: zeroed is a valid dmxp_message (null data, size 0).
        let mut raw: ffi::dmxp_message = unsafe { std::mem::zeroed() };
        let status = match timeout {
            Some(Duration::ZERO) => unsafe { ffi::dmxp_consumer_try_receive(self.raw(), &mut raw) },
            _ => unsafe { ffi::dmxp_consumer_receive(self.raw(), &mut raw, timeout_ns(timeout)) },
        };
        check(status)?;
        self.holding.set(true);
        Ok(Message { consumer: self, raw, released: false })
    }

    /// Positions a broadcast consumer at the first retained message whose key is >= `key`.
    pub fn seek(&mut self, key: u64) -> Result<()> {
        // SAFETY: the handle is valid; &mut self means no message is held.
        check(unsafe { ffi::dmxp_consumer_seek(self.raw(), key) })
    }

    /// Messages skipped because a keep-last producer overwrote them (plus repaired slots).
    pub fn lost(&self) -> u64 {
        // SAFETY: the handle is valid.
        unsafe { ffi::dmxp_consumer_lost(self.raw()) }
    }

    fn raw(&self) -> *mut ffi::dmxp_consumer {
        self.handle.as_ptr()
    }
}

impl std::fmt::Debug for Consumer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Consumer").field("holding", &self.holding.get()).finish()
    }
}

impl Drop for Consumer {
    fn drop(&mut self) {
        // SAFETY: no Message borrows self any more; the handle is not used afterwards.
        unsafe { ffi::dmxp_consumer_close(self.raw()) };
    }
}

/// A received message: a read-only view of the slot (`Deref<Target = [u8]>`), valid while it
/// lives. Dropping it releases the slot.
pub struct Message<'c> {
    consumer: &'c Consumer,
    raw: ffi::dmxp_message,
    released: bool,
}

impl<'c> Message<'c> {
    /// The payload bytes, in place in shared memory.
    pub fn data(&self) -> &[u8] {
        if self.raw.size == 0 {
            return &[];
        }
        // SAFETY: the core guarantees size readable bytes at data until release, and the
        // consumer cannot release while this message lives (see Consumer).
        unsafe { std::slice::from_raw_parts(self.raw.data.cast(), self.raw.size) }
    }
    /// The domain-wide ordered key.
    pub fn key(&self) -> u64 {
        self.raw.key
    }
    /// CLOCK_REALTIME at commit, in nanoseconds.
    pub fn timestamp_ns(&self) -> u64 {
        self.raw.timestamp_ns
    }
    /// The producing process.
    pub fn producer_pid(&self) -> i32 {
        self.raw.producer_pid
    }
    /// Position inside its atomic batch (0 for single messages) and the batch's size.
    pub fn batch(&self) -> (u32, u32) {
        (self.raw.batch_index, self.raw.batch_count)
    }

    /// The payload as a typed message, in place. [`ErrorKind::Incompatible`] when the payload
    /// is not exactly `size_of::<T>()` bytes or not aligned for T.
    pub fn typed<T: MessageType>(&self) -> Result<&T> {
        let data = self.data();
        if data.len() != std::mem::size_of::<T>() || data.as_ptr().align_offset(std::mem::align_of::<T>()) != 0 {
            return Err(Error::new(
                ErrorKind::Incompatible,
                format!("a {}-byte message is not a {} ({} bytes)", data.len(), T::TYPE_NAME, std::mem::size_of::<T>()),
            ));
        }
        // SAFETY: size and alignment checked; T is plain data valid for any bit pattern.
        Ok(unsafe { &*(data.as_ptr() as *const T) })
    }

    /// Ends the view now and reports whether it stayed intact: [`ErrorKind::Overrun`] on a
    /// keep-last channel whose producer overwrote the slot while it was held.
    pub fn release(mut self) -> Result<()> {
        self.released = true;
        self.consumer.holding.set(false);
        // SAFETY: this message is the consumer's current view.
        check(unsafe { ffi::dmxp_consumer_release(self.consumer.raw()) })
    }
}

impl Deref for Message<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.data()
    }
}

impl std::fmt::Debug for Message<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Message").field("key", &self.key()).field("size", &self.len()).finish()
    }
}

impl Drop for Message<'_> {
    fn drop(&mut self) {
        if !self.released {
            self.consumer.holding.set(false);
            // SAFETY: as in release; an overrun is only reported by release().
            unsafe { ffi::dmxp_consumer_release(self.consumer.raw()) };
        }
    }
}
