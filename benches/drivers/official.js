// The official Node client (iamport on npm) looking a payment up on the
// local bench server. Prints one JSON report line, the shape the Rust
// harness prints (benches/calls/measure.rs). Run with NODE_PATH pointing at
// the node_modules that holds the client (benches/compare.sh does).
'use strict';

const Iamport = require('iamport');

const IMP_UID = 'imp_123412341234';

function option(name, fallback) {
  const i = process.argv.indexOf('--' + name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

function percentiles(samples) {
  samples.sort((a, b) => a - b);
  const at = (q) => samples[Math.min(Math.max(Math.ceil(q * samples.length), 1), samples.length) - 1];
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), p999: at(0.999), max: at(1) };
}

async function main() {
  const baseUrl = option('base-url');
  const calls = Number(option('calls', '1000'));
  const warmup = Number(option('warmup', '100'));
  if (!baseUrl) throw new Error('--base-url is required');

  // The client reads its host from a static default when constructed.
  Iamport.DEFAULT_HOST = baseUrl.replace(/\/$/, '');
  const client = new Iamport({ impKey: 'bench_imp_key', impSecret: 'bench_imp_secret' });
  for (let i = 0; i < warmup; i++) await client.payment.getByImpUid({ imp_uid: IMP_UID });

  let errors = 0;
  const latencies = [];
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) {
    const began = process.hrtime.bigint();
    try {
      const payment = await client.payment.getByImpUid({ imp_uid: IMP_UID });
      if (!(payment.amount > 0)) errors++;
    } catch (e) {
      errors++; // counted, not hidden: the harness reports failed calls
    }
    latencies.push(Number(process.hrtime.bigint() - began) / 1e3);
  }
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);

  console.log(JSON.stringify({
    variant: 'node',
    concurrency: 1,
    calls,
    errors,
    wall_s: wall,
    cpu_user_s: cpu.user / 1e6,
    cpu_sys_s: cpu.system / 1e6,
    latency_us: percentiles(latencies),
    peak_rss_kb: process.resourceUsage().maxRSS,
  }));
}

main().catch((e) => {
  console.error('node driver: ' + (e && e.message));
  process.exit(1);
});
