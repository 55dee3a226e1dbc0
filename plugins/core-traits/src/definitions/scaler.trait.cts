import type { KubeObject, TraitPlugin } from '@appmanager/plugin-sdk';

// Self-contained on purpose: a bundle is one script in the sandbox, with no imports at run time.

interface ScalerProperties {
  replicas?: number;
  /** A HorizontalPodAutoscaler instead of (or on top of) a fixed count. */
  autoscale?: { minReplicas: number; maxReplicas: number; targetCPUUtilizationPercentage?: number };
}

/** Sets the workload's replicas; with `autoscale`, adds an HPA (autoscaling/v2) targeting it. */
export const apply: TraitPlugin<ScalerProperties>['apply'] = (input) => {
  const workload = JSON.parse(JSON.stringify(input.workload)) as KubeObject & { spec?: Record<string, unknown> };
  const { replicas, autoscale } = input.properties;
  workload.spec = { ...workload.spec };
  if (replicas !== undefined) workload.spec['replicas'] = replicas;
  else if (autoscale) workload.spec['replicas'] = autoscale.minReplicas;
  if (!autoscale) return { workload };
  const hpa: KubeObject = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: workload.metadata.name, labels: { ...workload.metadata.labels } },
    spec: {
      scaleTargetRef: { apiVersion: workload.apiVersion, kind: workload.kind, name: workload.metadata.name },
      minReplicas: autoscale.minReplicas,
      maxReplicas: autoscale.maxReplicas,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: autoscale.targetCPUUtilizationPercentage ?? 80 } },
        },
      ],
    },
  };
  return { workload, resources: [hpa] };
};
