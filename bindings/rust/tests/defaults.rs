//! .msg defaults: a typed loan holds them (every other byte zero) even in a slot that held
//! other bytes before, and `with_defaults` builds the same value. The type stands for one
//! dmxp-msgc generates (their DEFAULTS against C++ for every standard type: tests/msgc/langs).
mod common;

use common::TestDomain;
use dmxp::{Consumer, ConsumerOptions, FieldInfo, MessageType, Producer};

/// int32 count -7, float64 gain 2.5, uint32 untouched (no default).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
struct Defaulted {
    count: i32,
    _pad0: [u8; 4],
    gain: f64,
    untouched: u32,
    _pad1: [u8; 4],
}

unsafe impl MessageType for Defaulted {
    const TYPE_NAME: &'static str = "test_msgs/Defaulted";
    const FINGERPRINT: u64 = 0x1234_5678_9abc_def0;
    const DESCRIPTOR: &'static str = "{}";
    const FIELDS: &'static [FieldInfo] = &[];
    const DEFAULTS: &'static [(usize, &'static [u8])] =
        &[(0, b"\xf9\xff\xff\xff"), (8, b"\x00\x00\x00\x00\x00\x00\x04\x40")];
}

const WANT: Defaulted = Defaulted { count: -7, _pad0: [0; 4], gain: 2.5, untouched: 0, _pad1: [0; 4] };

#[test]
fn with_defaults_applies_them_over_zeroes() {
    assert_eq!(Defaulted::with_defaults(), WANT);
    let mut m = Defaulted { count: 1, _pad0: [9; 4], gain: 0.0, untouched: 5, _pad1: [9; 4] };
    m.set_defaults(); // the defaults alone: other bytes stay
    assert_eq!((m.count, m.gain, m.untouched, m._pad0), (-7, 2.5, 5, [9; 4]));
}

#[test]
fn typed_loans_hold_the_defaults_in_a_reused_slot() {
    let d = TestDomain::new();
    let opts = d.options().capacity(2).typed::<Defaulted>();
    let mut prod = Producer::open("defaults", &opts).unwrap();
    let recv = Consumer::open("defaults", &opts, &ConsumerOptions::new()).unwrap();
    // Both slots full of 0xFF first.
    for _ in 0..2 {
        let mut loan = prod.loan(std::mem::size_of::<Defaulted>()).unwrap();
        loan.fill(0xFF);
        loan.commit_all().unwrap();
        assert!(recv.receive().unwrap().iter().all(|b| *b == 0xFF));
    }
    for round in 0..2u32 {
        let mut loan = prod.loan_typed::<Defaulted>().unwrap();
        assert_eq!(*loan, WANT, "round {round}: the loan before filling");
        loan.untouched = round;
        loan.commit().unwrap();
        let msg = recv.receive().unwrap();
        assert_eq!(*msg.typed::<Defaulted>().unwrap(), Defaulted { untouched: round, ..WANT });
    }
}
