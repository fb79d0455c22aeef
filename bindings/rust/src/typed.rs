//! Typed messages: the trait generated `#[repr(C)]` structs implement (dmxp-msgc --lang rust)
//! and the fixed-capacity containers their fields use. The layouts follow docs/messages.md:
//! a bounded string or sequence is a u32 size followed by its capacity of elements (after 4
//! reserved bytes when the elements are 8-aligned, which `#[repr(C)]` gives by itself).
use std::fmt;

/// A field of a message type, as the Rust compiler laid it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldInfo {
    /// The field's name in the .msg file.
    pub name: &'static str,
    /// Bytes from the start of the message.
    pub offset: usize,
    /// Bytes the field takes.
    pub size: usize,
}

/// A message type with the fixed layout shared with every other language.
///
/// # Safety
/// Implementors are `#[repr(C)]` plain data whose every bit pattern is a valid value (no
/// `bool`, `char`, references or enums), so a slot written by any process can be read as one.
/// dmxp-msgc generates such types; do not implement this by hand.
pub unsafe trait MessageType: Copy + 'static {
    /// "package/Type".
    const TYPE_NAME: &'static str;
    /// FNV-1a 64 of the normalized definition; typed channels compare it on attach.
    const FINGERPRINT: u64;
    /// The JSON layout descriptor stored in typed channels for tools.
    const DESCRIPTOR: &'static str;
    /// Every field with its offset and size, in declaration order.
    const FIELDS: &'static [FieldInfo];
    /// The .msg defaults (nested messages' too) as (offset, bytes) written over a zeroed
    /// message; empty when the type has none.
    const DEFAULTS: &'static [(usize, &'static [u8])] = &[];

    /// A message with every byte zero.
    fn zeroed() -> Self {
        // SAFETY: every bit pattern, zero included, is valid (the trait's contract).
        unsafe { std::mem::zeroed() }
    }

    /// A message holding the .msg defaults, every other byte zero: the bytes of the C++
    /// `T()`. Generated types' `Default` is this. It is built on the stack: for a large type
    /// (an image) zero a heap allocation and call [`MessageType::set_defaults`] instead.
    fn with_defaults() -> Self {
        let mut m = Self::zeroed();
        m.set_defaults();
        m
    }

    /// Writes the .msg defaults ([`MessageType::DEFAULTS`]) into `self`, leaving every other
    /// byte as it is.
    fn set_defaults(&mut self) {
        // SAFETY: Self is plain data (the trait's contract); the offsets and lengths come from
        // dmxp-msgc's layout of Self, within size_of::<Self>() (the slice bounds check them
        // all the same).
        let bytes =
            unsafe { std::slice::from_raw_parts_mut(self as *mut Self as *mut u8, std::mem::size_of::<Self>()) };
        for (offset, value) in Self::DEFAULTS {
            bytes[*offset..*offset + value.len()].copy_from_slice(value);
        }
    }
}

/// A UTF-8 (by convention) string of at most N bytes, stored in place.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct BoundedString<const N: usize> {
    size: u32,
    data: [u8; N],
}

impl<const N: usize> Default for BoundedString<N> {
    fn default() -> Self {
        BoundedString { size: 0, data: [0; N] }
    }
}

impl<const N: usize> BoundedString<N> {
    /// A string holding `text`; `Err` when it is longer than N bytes.
    pub fn new(text: &[u8]) -> Result<Self, CapacityError> {
        let mut s = Self::default();
        s.set(text)?;
        Ok(s)
    }
    /// The bytes in use (the stored size is clamped to the capacity: the writer may be hostile).
    pub fn as_bytes(&self) -> &[u8] {
        &self.data[..(self.size as usize).min(N)]
    }
    /// The text, or an error when the bytes are not UTF-8.
    pub fn as_str(&self) -> Result<&str, std::str::Utf8Error> {
        std::str::from_utf8(self.as_bytes())
    }
    /// Replaces the content; `Err` with the capacity when `text` is longer than N bytes.
    pub fn set(&mut self, text: &[u8]) -> Result<(), CapacityError> {
        if text.len() > N {
            return Err(CapacityError { len: text.len(), capacity: N });
        }
        self.data[..text.len()].copy_from_slice(text);
        self.data[text.len()..].fill(0);
        self.size = text.len() as u32;
        Ok(())
    }
    /// Bytes in use.
    pub fn len(&self) -> usize {
        self.as_bytes().len()
    }
    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<const N: usize> fmt::Debug for BoundedString<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&String::from_utf8_lossy(self.as_bytes()), f)
    }
}

/// A sequence of at most N elements, stored in place.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct BoundedSeq<T: Copy, const N: usize> {
    size: u32,
    data: [T; N],
}

impl<T: Copy + Default, const N: usize> Default for BoundedSeq<T, N> {
    fn default() -> Self {
        BoundedSeq { size: 0, data: [T::default(); N] }
    }
}

impl<T: Copy, const N: usize> BoundedSeq<T, N> {
    /// The elements in use (the stored size is clamped to the capacity).
    pub fn as_slice(&self) -> &[T] {
        &self.data[..(self.size as usize).min(N)]
    }
    /// The elements in use, writable.
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        let n = (self.size as usize).min(N);
        &mut self.data[..n]
    }
    /// Replaces the content with `items`; `Err` when there are more than N.
    pub fn set(&mut self, items: &[T]) -> Result<(), CapacityError> {
        if items.len() > N {
            return Err(CapacityError { len: items.len(), capacity: N });
        }
        self.data[..items.len()].copy_from_slice(items);
        self.size = items.len() as u32;
        Ok(())
    }
    /// Appends one element; `Err` when full.
    pub fn push(&mut self, item: T) -> Result<(), CapacityError> {
        let n = self.len();
        if n == N {
            return Err(CapacityError { len: N + 1, capacity: N });
        }
        self.data[n] = item;
        self.size = (n + 1) as u32;
        Ok(())
    }
    /// Elements in use.
    pub fn len(&self) -> usize {
        (self.size as usize).min(N)
    }
    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<T: Copy + fmt::Debug, const N: usize> fmt::Debug for BoundedSeq<T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

/// Content longer than a bounded field's capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CapacityError {
    /// Elements (or bytes) that were to be stored.
    pub len: usize,
    /// The field's capacity.
    pub capacity: usize,
}

impl fmt::Display for CapacityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} elements exceed the field's capacity of {}", self.len, self.capacity)
    }
}

impl std::error::Error for CapacityError {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{align_of, offset_of, size_of};

    // The layout of docs/messages.md: a u32 size, then the elements, 8-aligned ones after 4
    // reserved bytes.
    #[test]
    fn containers_have_the_shared_layout() {
        assert_eq!((size_of::<BoundedString<10>>(), align_of::<BoundedString<10>>()), (16, 4));
        assert_eq!(offset_of!(BoundedString<10>, data), 4);
        assert_eq!(offset_of!(BoundedSeq<f64, 3>, data), 8);
        assert_eq!(size_of::<BoundedSeq<f64, 3>>(), 32);
        assert_eq!(offset_of!(BoundedSeq<i16, 3>, data), 4);
        assert_eq!(size_of::<BoundedSeq<i16, 3>>(), 12);
    }

    #[test]
    fn capacities_are_kept_and_hostile_sizes_clamped() {
        let mut s = BoundedString::<4>::default();
        assert_eq!(s.set(b"abcde").unwrap_err().to_string(), "5 elements exceed the field's capacity of 4");
        s.set(b"abcd").unwrap();
        assert_eq!(s.as_str().unwrap(), "abcd");
        s.size = 1000;
        assert_eq!(s.len(), 4);
        let mut q = BoundedSeq::<f64, 2>::default();
        q.push(1.0).unwrap();
        q.push(2.0).unwrap();
        assert!(q.push(3.0).is_err());
        assert_eq!(q.as_slice(), &[1.0, 2.0]);
    }
}
