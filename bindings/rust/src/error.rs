//! Errors: one variant per dmxp_status, each with the C core's detailed message.
use std::ffi::CStr;
use std::fmt;
use std::os::raw::c_int;

use crate::ffi;

/// What went wrong, by the C ABI's status codes (dmxp.h documents each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Bad name, size, option or handle.
    InvalidArgument,
    /// The channel does not exist (opened without create).
    NotFound,
    /// The channel exists but was asked to be created exclusively.
    Exists,
    /// The segment's mode forbids access.
    Permission,
    /// A segment header or slot failed validation.
    Corrupt,
    /// Type fingerprint, slot size, mode or ABI differ.
    Incompatible,
    /// Nothing to receive / no free slot, and the call did not wait.
    WouldBlock,
    /// The wait ran out.
    Timeout,
    /// The message is larger than the channel's slot size.
    TooLarge,
    /// KEEP_LAST: the view was overwritten while held.
    Overrun,
    /// A loan is outstanding, a received message is still held, or a named cursor is in use.
    Busy,
    /// Out of shared memory, or a consumer/producer table is full.
    Resource,
    /// A wait was interrupted by a signal.
    Interrupted,
    /// An operating-system call failed.
    System,
    /// The operation does not apply to this channel's mode.
    Unsupported,
    /// A status code this binding does not know (a newer core).
    Unknown(i32),
}

impl ErrorKind {
    fn from_status(status: c_int) -> ErrorKind {
        use ErrorKind::*;
        match status {
            -1 => InvalidArgument,
            -2 => NotFound,
            -3 => Exists,
            -4 => Permission,
            -5 => Corrupt,
            -6 => Incompatible,
            -7 => WouldBlock,
            -8 => Timeout,
            -9 => TooLarge,
            -10 => Overrun,
            -11 => Busy,
            -12 => Resource,
            -13 => Interrupted,
            -14 => System,
            -15 => Unsupported,
            other => Unknown(other),
        }
    }
}

/// An error of a DMXP call: its kind and the core's message (which names the segment or
/// channel and what to do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    /// The error's kind, for matching.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
    /// The detailed message (the status name when the core gave none).
    pub fn message(&self) -> &str {
        &self.message
    }
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error { kind, message: message.into() }
    }
    /// Builds the error for a failed call: the core's thread-local detail of this very status
    /// (the core leaves none after WOULD_BLOCK and TIMEOUT), else its strerror.
    pub(crate) fn from_status(status: c_int) -> Error {
        // SAFETY: both return NUL-terminated strings owned by the core, read at once.
        let detail = unsafe { CStr::from_ptr(ffi::dmxp_last_error()) }.to_string_lossy();
        let message = if detail.is_empty() {
            unsafe { CStr::from_ptr(ffi::dmxp_strerror(status)) }.to_string_lossy().into_owned()
        } else {
            detail.into_owned()
        };
        Error { kind: ErrorKind::from_status(status), message }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Turns a C status into a Result.
pub(crate) fn check(status: c_int) -> Result<()> {
    if status == 0 {
        Ok(())
    } else {
        Err(Error::from_status(status))
    }
}
