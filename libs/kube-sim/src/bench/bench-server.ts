// The simulator process of the benchmark: started by cluster-sim.bench.ts with --expose-gc and
// an IPC channel, so the driver can read this process's memory and CPU without sharing its CPU.
import { startClusterSim } from '../server/sim-server.js';

interface Measure {
  rss: number;
  heapUsed: number;
  cpuUserUs: number;
  cpuSystemUs: number;
}

function measure(): Measure {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  const m = process.memoryUsage();
  const cpu = process.cpuUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, cpuUserUs: cpu.user, cpuSystemUs: cpu.system };
}

const sim = await startClusterSim({ tls: process.argv.includes('--http') ? false : true, podReadyDelayMs: 100, log: () => undefined });
process.on('message', (msg: { op: string; seq: number }) => {
  if (msg.op === 'measure') process.send!({ seq: msg.seq, ...measure() });
  if (msg.op === 'stop') void sim.close().then(() => process.exit(0));
});
process.on('disconnect', () => void sim.close().then(() => process.exit(0)));
process.send!({ ready: true, url: sim.url, adminToken: sim.adminToken, caPem: sim.caPem });
