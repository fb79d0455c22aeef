'use strict';
// A DMXP domain of one test alone, under $DMXP_TEST_DOMAIN_PREFIX; remove() deletes every
// segment in it (channels and the key segment).
const fs = require('fs');

let next = 0;

function testDomain() {
  const name = `${process.env.DMXP_TEST_DOMAIN_PREFIX || 't'}js${process.pid}_${next++}`;
  return {
    name,
    remove() {
      for (const f of fs.readdirSync('/dev/shm')) {
        if (f.startsWith(`dmxp.${name}.`)) fs.rmSync(`/dev/shm/${f}`, { force: true });
      }
    },
  };
}

module.exports = { testDomain };
