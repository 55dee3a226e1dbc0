import { AppsV1Api, KubeConfig } from '@kubernetes/client-node';
import { MANAGED_SELECTOR } from '../polling/domain/poll-digest.js';
import { clusterName } from './bench-seed.js';

export interface BaselineResult {
  clusters: number;
  polls: number;
  failures: number;
  seconds: number;
  cpuMsPerPoll: number;
  latencyP99Ms: number | undefined;
}

/**
 * The naive way to poll, for the ratio: @kubernetes/client-node's AppsV1Api per cluster with a new KubeConfig
 * per poll (so a new TLS connection each time), no resourceVersion=0 (a quorum read on a real API server),
 * a fixed 30 s interval with the first polls spread over it, all in this one process. CPU is this process's
 * (process.cpuUsage) over the run ÷ polls.
 */
export async function naiveBaseline(
  input: { simUrl: string; caPem: string; tokens: readonly string[]; clusters: number; seconds: number },
  percentileOf: (values: number[], p: number) => number | undefined,
): Promise<BaselineResult> {
  const intervalMs = 30_000;
  const caData = Buffer.from(input.caPem).toString('base64');
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const deadline = started + input.seconds * 1000;
  let polls = 0;
  let failures = 0;
  const latencies: number[] = [];
  const pollOne = async (i: number): Promise<void> => {
    const name = clusterName(i);
    const config = new KubeConfig();
    config.loadFromOptions({
      clusters: [{ name, server: `${input.simUrl}/clusters/${name}`, caData, skipTLSVerify: false }],
      users: [{ name, token: input.tokens[i]! }],
      contexts: [{ name, cluster: name, user: name }],
      currentContext: name,
    });
    const at = performance.now();
    try {
      await config.makeApiClient(AppsV1Api).listDeploymentForAllNamespaces({ labelSelector: MANAGED_SELECTOR });
      polls++;
      latencies.push(performance.now() - at);
    } catch {
      failures++;
    }
  };
  const timers: ReturnType<typeof setTimeout>[] = [];
  const running = new Set<Promise<void>>();
  for (let i = 0; i < input.clusters; i++) {
    const schedule = (delay: number): void => {
      timers.push(
        setTimeout(() => {
          if (performance.now() >= deadline) return;
          const poll = pollOne(i).finally(() => running.delete(poll));
          running.add(poll);
          schedule(intervalMs);
        }, delay),
      );
    };
    schedule((i * intervalMs) / input.clusters);
  }
  await new Promise((resolve) => setTimeout(resolve, input.seconds * 1000));
  for (const timer of timers) clearTimeout(timer);
  await Promise.allSettled([...running]);
  const cpu = process.cpuUsage(cpuBefore);
  return {
    clusters: input.clusters,
    polls,
    failures,
    seconds: (performance.now() - started) / 1000,
    cpuMsPerPoll: (cpu.user + cpu.system) / 1000 / Math.max(1, polls),
    latencyP99Ms: percentileOf(latencies, 99),
  };
}
