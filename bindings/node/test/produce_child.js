'use strict';
// Child process of binding.test.js: publishes count messages of payload(i) on a channel.
// Usage: node produce_child.js <domain> <channel> <count>
const dmxp = require('..');
const { payload } = require('./payload.js');

const [domain, channel, count] = process.argv.slice(2);
const prod = dmxp.createProducer({ domain, channel });
for (let i = 0; i < Number(count); i++) prod.send(payload(i));
prod.close();
