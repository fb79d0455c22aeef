// One JSON line per generated type, in the format of msgc_layout_dump (tests/msgc), from the
// generated classes' tables, then a check that every accessor reads the bytes at its
// field's offset: each scalar field is written through the accessor and found in the
// buffer where the C++ layout put it; "defaults" is the FNV-1a 64 of T.defaults()'s bytes,
// and demo_msgs/Everything's defaults are checked by value. Usage: node dump.js <dmxp-msgc -o folder>
'use strict';
const fs = require('fs');
const path = require('path');
const assert = require('assert');

const root = path.join(process.argv[2], 'ts');
checkEverythingDefaults();

function fnv(bytes) {
  let h = 0xcbf29ce484222325n;
  for (const b of bytes) h = BigInt.asUintN(64, (h ^ BigInt(b)) * 0x100000001b3n);
  return `0x${h.toString(16).padStart(16, '0')}`;
}

function checkEverythingDefaults() {
  const { Everything } = require(path.join(root, 'demo_msgs', 'msg', 'Everything.js'));
  const { Pose } = require(path.join(root, 'geometry_msgs', 'msg', 'Pose.js'));
  const m = Everything.defaults();
  assert.deepStrictEqual([m.b, m.by, m.ch, m.i8, m.u8, m.i16, m.u16], [true, 7, 65, -8, 42, -1600, 1600]);
  assert.deepStrictEqual([m.i32, m.u32, m.i64, m.u64], [-320000, 320000, -6400000000n, 6400000000n]);
  assert.deepStrictEqual([m.f32, m.f64], [1.5, -2.25]);
  assert.strictEqual(m.name.toString(), 'default name');
  assert.deepStrictEqual(Array.from(m.fixed), [1, 2, 3]);
  assert.deepStrictEqual(m.bounded.toArray(), [0.5]);
  assert.deepStrictEqual(m.pair.map(String), ['a', 'b']);
  assert.deepStrictEqual([m.blob.length, m.last], [0, 0n]);
  assert.deepStrictEqual([Pose.defaults().orientation.w, Pose.zeros().orientation.w], [1, 0]);
}
for (const pkg of fs.readdirSync(root).filter((p) => !p.startsWith('_')).sort()) {
  for (const file of fs.readdirSync(path.join(root, pkg, 'msg')).filter((f) => f.endsWith('.js')).sort()) {
    const name = file.slice(0, -3);
    const T = require(path.join(root, pkg, 'msg', file))[name];
    const fields = T.FIELDS.map((f) => `["${f.name}", ${f.offset}, ${f.size}]`).join(', ');
    const fp = `0x${T.FINGERPRINT.toString(16).padStart(16, '0')}`;
    const d = T.defaults().view;
    const defaults = fnv(new Uint8Array(d.buffer, d.byteOffset, T.SIZE));
    console.log(`{"type": "${T.TYPE_NAME}", "size": ${T.SIZE}, "align": ${T.ALIGN}, "fingerprint": "${fp}", "fields": [${fields}], "defaults": "${defaults}"}`);
    checkScalarAccessors(T);
  }
}

function checkScalarAccessors(T) {
  for (const f of T.FIELDS) {
    const buf = new ArrayBuffer(T.SIZE);
    const msg = new T(buf);
    const before = Object.getOwnPropertyDescriptor(T.prototype, f.name);
    if (!before.set) continue;  // not a scalar
    const probe = f.size === 8 && typeof msg[f.name] === 'bigint' ? 0x0102030405060708n : 1;
    msg[f.name] = probe;
    const bytes = new Uint8Array(buf);
    const first = bytes.findIndex((b) => b !== 0);
    assert.ok(first >= f.offset && first < f.offset + f.size, `${T.TYPE_NAME}.${f.name} written outside its offset`);
    assert.strictEqual(msg[f.name] === true ? 1 : msg[f.name], probe, `${T.TYPE_NAME}.${f.name} reads back`);
  }
}
