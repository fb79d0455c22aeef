//! Producers: copying sends, zero-copy loans (RAII guards) and atomic batches.
use std::cell::Cell;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};
use std::ptr::{self, NonNull};
use std::time::Duration;

use crate::error::{check, Error, ErrorKind, Result};
use crate::ffi;
use crate::options::{c_string, ChannelOptions};
use crate::typed::MessageType;
use crate::timeout_ns;

/// Publishes messages into one channel.
///
/// A producer belongs to one thread at a time: it is `Send` (move it to another thread) but
/// not `Sync` (the core's handles are not shared between threads; open one per thread).
pub struct Producer {
    handle: NonNull<ffi::dmxp_producer>,
    _not_sync: PhantomData<Cell<()>>,
}

// SAFETY: the core allows a handle to move between threads, one thread at a time.
unsafe impl Send for Producer {}

impl Producer {
    /// Opens (creating if needed) the channel with numeric id `channel_id`.
    pub fn new(channel_id: u64) -> Result<Producer> {
        Self::open(&channel_id.to_string(), &ChannelOptions::new())
    }

    /// Opens the channel `name` with options.
    pub fn open(name: &str, options: &ChannelOptions) -> Result<Producer> {
        let name = c_string(name, "channel name")?;
        let raw = options.raw();
        let mut out = ptr::null_mut();
        // SAFETY: name and raw (and what it points to) live across the call.
        check(unsafe { ffi::dmxp_producer_open(name.as_ptr(), &raw, &mut out) })?;
        let handle = NonNull::new(out).expect("dmxp_producer_open returned OK and no handle");
        Ok(Producer { handle, _not_sync: PhantomData })
    }

    /// Copies `data` into a slot and publishes it, waiting for space as long as it takes on a
    /// full reliable channel. Returns the message's key.
    pub fn send(&self, data: &[u8]) -> Result<u64> {
        self.send_timeout(data, None)
    }

    /// Like [`send`](Self::send), failing with [`ErrorKind::WouldBlock`] instead of waiting.
    pub fn try_send(&self, data: &[u8]) -> Result<u64> {
        self.send_timeout(data, Some(Duration::ZERO))
    }

    /// Like [`send`](Self::send), waiting at most `timeout` (None: without limit).
    pub fn send_timeout(&self, data: &[u8], timeout: Option<Duration>) -> Result<u64> {
        let mut key = 0;
        // SAFETY: data is valid for its length during the call.
        check(unsafe {
            ffi::dmxp_producer_send(self.raw(), data.as_ptr().cast(), data.len(), timeout_ns(timeout), &mut key)
        })?;
        Ok(key)
    }

    /// Publishes `messages` as one atomic batch: consumers see all of them or none.
    /// Returns the first message's key.
    pub fn send_batch(&self, messages: &[&[u8]]) -> Result<u64> {
        let iov: Vec<ffi::dmxp_iovec> =
            messages.iter().map(|m| ffi::dmxp_iovec { data: m.as_ptr().cast(), size: m.len() }).collect();
        let count = u32::try_from(iov.len())
            .map_err(|_| Error::new(ErrorKind::InvalidArgument, "a batch holds at most 2^32-1 messages"))?;
        let mut key = 0;
        // SAFETY: iov points at slices that live across the call.
        check(unsafe { ffi::dmxp_producer_send_batch(self.raw(), iov.as_ptr(), count, ffi::DMXP_FOREVER, &mut key) })?;
        Ok(key)
    }

    /// Zero-copy: claims a slot of `size` bytes to write in place. The [`Loan`] publishes
    /// with [`Loan::commit`]; dropped without a commit it aborts (consumers never see it).
    /// A producer holds one loan at a time: the borrow of `self` enforces that.
    pub fn loan(&mut self, size: usize) -> Result<Loan<'_>> {
        let mut buf = ptr::null_mut();
        // SAFETY: the handle is valid; buf receives a pointer to >= size writable bytes.
        check(unsafe { ffi::dmxp_producer_loan(self.raw(), size, &mut buf, ffi::DMXP_FOREVER) })?;
        Ok(Loan { producer: self, data: buf.cast(), size, done: false })
    }

    /// Zero-copy typed loan: a `T` in the slot holding its .msg defaults (every other byte
    /// zero, as `T::default()`), published by [`TypedLoan::commit`].
    pub fn loan_typed<T: MessageType>(&mut self) -> Result<TypedLoan<'_, T>> {
        let mut loan = self.loan(std::mem::size_of::<T>())?;
        loan.fill(0);
        if loan.data.align_offset(std::mem::align_of::<T>()) != 0 {
            return Err(Error::new(ErrorKind::Incompatible, "the slot is not aligned for the message type"));
        }
        let mut typed: TypedLoan<'_, T> = TypedLoan { loan, _type: PhantomData };
        typed.set_defaults();
        Ok(typed)
    }

    /// Largest message the channel takes (its slot size).
    pub fn max_message_size(&self) -> usize {
        // SAFETY: the handle is valid.
        unsafe { ffi::dmxp_producer_max_message_size(self.raw()) }
    }

    fn raw(&self) -> *mut ffi::dmxp_producer {
        self.handle.as_ptr()
    }
}

impl std::fmt::Debug for Producer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Producer").field("max_message_size", &self.max_message_size()).finish()
    }
}

impl Drop for Producer {
    fn drop(&mut self) {
        // SAFETY: the handle is valid and not used afterwards (a Loan borrows self, so none is
        // alive here).
        unsafe { ffi::dmxp_producer_close(self.raw()) };
    }
}

/// A claimed slot: write through `DerefMut<[u8]>`, then [`commit`](Loan::commit).
/// Dropping it uncommitted aborts the loan: the slot is skipped and no consumer sees it.
pub struct Loan<'p> {
    producer: &'p mut Producer,
    data: *mut u8,
    size: usize,
    done: bool,
}

impl Loan<'_> {
    /// Publishes the first `size` bytes (at most the loaned size). Returns the key.
    pub fn commit(mut self, size: usize) -> Result<u64> {
        if size > self.size {
            return Err(Error::new(
                ErrorKind::TooLarge,
                format!("commit of {size} bytes exceeds the loan of {} bytes", self.size),
            ));
        }
        self.done = true;
        let mut key = 0;
        // SAFETY: the producer holds this loan.
        check(unsafe { ffi::dmxp_producer_commit(self.producer.raw(), size, &mut key) })?;
        Ok(key)
    }

    /// Publishes the whole loaned size.
    pub fn commit_all(self) -> Result<u64> {
        let size = self.size;
        self.commit(size)
    }

    /// Gives the slot back unpublished (what dropping does, with the result reported).
    pub fn abort(mut self) -> Result<()> {
        self.done = true;
        // SAFETY: the producer holds this loan.
        check(unsafe { ffi::dmxp_producer_abort(self.producer.raw()) })
    }
}

impl Deref for Loan<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        // SAFETY: the core guarantees size writable bytes at data until commit or abort.
        unsafe { std::slice::from_raw_parts(self.data, self.size) }
    }
}

impl DerefMut for Loan<'_> {
    fn deref_mut(&mut self) -> &mut [u8] {
        // SAFETY: as above; the slot is claimed by this producer alone.
        unsafe { std::slice::from_raw_parts_mut(self.data, self.size) }
    }
}

impl Drop for Loan<'_> {
    fn drop(&mut self) {
        if !self.done {
            // SAFETY: the loan is still outstanding. An error here has nowhere to go; the
            // core also aborts outstanding loans when the producer closes.
            unsafe { ffi::dmxp_producer_abort(self.producer.raw()) };
        }
    }
}

/// A claimed slot holding a `T` (its defaults, every other byte zero, at first): fill it through `DerefMut<T>`, then
/// [`commit`](TypedLoan::commit). Dropping it uncommitted aborts, like [`Loan`].
pub struct TypedLoan<'p, T: MessageType> {
    loan: Loan<'p>,
    _type: PhantomData<T>,
}

impl<T: MessageType> TypedLoan<'_, T> {
    /// Publishes the message. Returns its key.
    pub fn commit(self) -> Result<u64> {
        self.loan.commit(std::mem::size_of::<T>())
    }
}

impl<T: MessageType> Deref for TypedLoan<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: the slot is aligned and sized for T (checked at loan), and T is plain data.
        unsafe { &*(self.loan.data as *const T) }
    }
}

impl<T: MessageType> DerefMut for TypedLoan<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as above; the slot belongs to this loan alone.
        unsafe { &mut *(self.loan.data as *mut T) }
    }
}
