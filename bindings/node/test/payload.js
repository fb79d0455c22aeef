'use strict';
/** Message i of the tests: 8 + (i * 7) % 200 bytes derived from i. */
function payload(i) {
  const b = Buffer.alloc(8 + ((i * 7) % 200));
  for (let j = 0; j < b.length; j++) b[j] = (i * 31 + j) & 0xff;
  return b;
}
module.exports = { payload };
