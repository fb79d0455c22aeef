//! One JSON line per generated type, in the format of msgc_layout_dump (tests/msgc), from
//! what the Rust compiler laid out: size_of, align_of and offset_of! of every field, and the
//! FNV-1a 64 of the bytes of T::default() (the .msg defaults). Checks demo_msgs/Everything's
//! defaults by value first.
#[allow(dead_code, clippy::all)]
#[macro_use]
mod messages {
    include!(concat!(env!("OUT_DIR"), "/messages.rs"));
}

use dmxp::MessageType;

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325u64, |h, b| (h ^ *b as u64).wrapping_mul(0x100000001b3))
}

fn dump<T: MessageType>() {
    // On the heap, zeroed, then set_defaults (what T::default() does on the stack, too small
    // for the largest types).
    let layout = std::alloc::Layout::new::<T>();
    // SAFETY: T is plain data (MessageType's contract), so zeroed bytes are a valid T.
    let mut made: Box<T> = unsafe { Box::from_raw(std::alloc::alloc_zeroed(layout) as *mut T) };
    made.set_defaults();
    // SAFETY: as above.
    let bytes = unsafe { std::slice::from_raw_parts(&*made as *const T as *const u8, std::mem::size_of::<T>()) };
    let fields: Vec<String> =
        T::FIELDS.iter().map(|f| format!("[\"{}\", {}, {}]", f.name, f.offset, f.size)).collect();
    println!(
        "{{\"type\": \"{}\", \"size\": {}, \"align\": {}, \"fingerprint\": \"0x{:016x}\", \"fields\": [{}], \"defaults\": \"0x{:016x}\"}}",
        T::TYPE_NAME,
        std::mem::size_of::<T>(),
        std::mem::align_of::<T>(),
        T::FINGERPRINT,
        fields.join(", "),
        fnv(bytes)
    );
}

macro_rules! dump_type {
    ($($t:tt)*) => {
        dump::<messages::$($t)*>();
    };
}

fn check_everything_defaults() {
    let m = messages::demo_msgs::msg::Everything::default();
    assert_eq!((m.b, m.by, m.ch, m.i8, m.u8, m.i16, m.u16), (1, 7, 65, -8, 42, -1600, 1600));
    assert_eq!((m.i32, m.u32, m.i64, m.u64), (-320000, 320000, -6400000000, 6400000000));
    assert_eq!((m.f32, m.f64), (1.5, -2.25));
    assert_eq!(m.name.as_bytes(), b"default name");
    assert_eq!(m.fixed, [1, 2, 3]);
    assert_eq!(m.bounded.as_slice(), &[0.5]);
    assert_eq!((m.pair[0].as_bytes(), m.pair[1].as_bytes()), (&b"a"[..], &b"b"[..]));
    assert_eq!((m.blob.len(), m.last), (0, 0));
    let pose = messages::geometry_msgs::msg::Pose::default();
    assert_eq!((pose.orientation.w, pose.orientation.x), (1.0, 0.0));
}

fn main() {
    check_everything_defaults();
    for_each_message_type!(dump_type);
}
