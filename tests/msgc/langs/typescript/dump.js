// One JSON line per generated type, in the format of msgc_layout_dump (tests/msgc), from the
// generated classes' tables, then a check that every accessor reads the bytes at its
// field's offset: each scalar field is written through the accessor and found in the
// buffer where the C++ layout put it. Usage: node dump.js <dmxp-msgc -o folder>
'use strict';
const fs = require('fs');
const path = require('path');
const assert = require('assert');

const root = path.join(process.argv[2], 'ts');
for (const pkg of fs.readdirSync(root).filter((p) => !p.startsWith('_')).sort()) {
  for (const file of fs.readdirSync(path.join(root, pkg, 'msg')).filter((f) => f.endsWith('.js')).sort()) {
    const name = file.slice(0, -3);
    const T = require(path.join(root, pkg, 'msg', file))[name];
    const fields = T.FIELDS.map((f) => `["${f.name}", ${f.offset}, ${f.size}]`).join(', ');
    const fp = `0x${T.FINGERPRINT.toString(16).padStart(16, '0')}`;
    console.log(`{"type": "${T.TYPE_NAME}", "size": ${T.SIZE}, "align": ${T.ALIGN}, "fingerprint": "${fp}", "fields": [${fields}]}`);
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
