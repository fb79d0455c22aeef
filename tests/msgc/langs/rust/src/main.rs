//! One JSON line per generated type, in the format of msgc_layout_dump (tests/msgc), from
//! what the Rust compiler laid out: size_of, align_of and offset_of! of every field.
#[allow(dead_code, clippy::all)]
#[macro_use]
mod messages {
    include!(concat!(env!("OUT_DIR"), "/messages.rs"));
}

use dmxp::MessageType;

fn dump<T: MessageType>() {
    let fields: Vec<String> =
        T::FIELDS.iter().map(|f| format!("[\"{}\", {}, {}]", f.name, f.offset, f.size)).collect();
    println!(
        "{{\"type\": \"{}\", \"size\": {}, \"align\": {}, \"fingerprint\": \"0x{:016x}\", \"fields\": [{}]}}",
        T::TYPE_NAME,
        std::mem::size_of::<T>(),
        std::mem::align_of::<T>(),
        T::FINGERPRINT,
        fields.join(", ")
    );
}

macro_rules! dump_type {
    ($($t:tt)*) => {
        dump::<messages::$($t)*>();
    };
}

fn main() {
    for_each_message_type!(dump_type);
}
