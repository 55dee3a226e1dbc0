import { Injectable } from '@nestjs/common';
import { VersionApi } from '@kubernetes/client-node';
import { type ClusterProbe } from '../application/environment.repository.js';
import { type Cluster } from '../domain/environment.model.js';
import { kubeConfigOf } from './kube-config.factory.js';

const probeTimeoutMs = 5000;

/** Asks the API server for /version with the cluster's own credentials and CA. */
@Injectable()
export class KubeClusterProbe implements ClusterProbe {
  async probe(cluster: Cluster): Promise<{ version: string }> {
    const api = kubeConfigOf(cluster).makeApiClient(VersionApi);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${probeTimeoutMs / 1000}s`)), probeTimeoutMs);
    });
    try {
      const info = await Promise.race([api.getCode(), timeout]);
      return { version: info.gitVersion };
    } catch (error) {
      throw new Error(describe(error));
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A reason fit for a response: the status or the network error code, never headers or tokens. */
function describe(error: unknown): string {
  const e = error as { code?: number | string; message?: string; cause?: { code?: string } };
  if (typeof e.code === 'number')
    return e.code === 401 || e.code === 403 ? `the credentials were refused (HTTP ${e.code})` : `HTTP ${e.code}`;
  const network = e.cause?.code ?? (typeof e.code === 'string' ? e.code : undefined);
  if (network) return network;
  return (e.message ?? 'unknown error').split('\n')[0]?.slice(0, 200) ?? 'unknown error';
}
