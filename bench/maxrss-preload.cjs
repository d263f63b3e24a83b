'use strict';
// Fallback peak-RSS probe for bench/measure.ts when GNU /usr/bin/time is missing: loaded with
// NODE_OPTIONS=--require, it makes every node process of a tree append "<pid> <maxRSS KiB>"
// to the file named by SLBKIT_BENCH_MAXRSS_FILE when it exits.
const { appendFileSync } = require('node:fs');
const file = process.env.SLBKIT_BENCH_MAXRSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      appendFileSync(file, `${process.pid} ${process.resourceUsage().maxRSS}\n`);
    } catch {
      // the bench reads what it gets
    }
  });
}
