import { CronJobController } from '../controllers/cronjob.controller.js';
import { DaemonSetController } from '../controllers/daemonset.controller.js';
import { ControllerContext, type WorkloadBehaviour } from '../controllers/controller-context.js';
import { DeploymentController } from '../controllers/deployment.controller.js';
import { LoadBalancerController } from '../controllers/load-balancer.controller.js';
import { JobController } from '../controllers/job.controller.js';
import { PodLifecycleController } from '../controllers/pod-lifecycle.controller.js';
import { ReplicaSetController } from '../controllers/replicaset.controller.js';
import { StatefulSetController } from '../controllers/statefulset.controller.js';
import { BUILTIN_TYPES } from '../domain/resource-types.js';
import { FLUX_KINDS, FLUX_NAMESPACE, TERRAFORM_KIND, fluxCrd } from '../flux/flux-crds.js';
import { FluxController } from '../flux/flux.controller.js';
import { TerraformController } from '../flux/terraform.controller.js';
import { ObjectStore, type StoreEvent } from '../store/object-store.js';
import { ResourceWriter } from './resource-writer.js';
import { TypeRegistry } from './type-registry.js';

const SYSTEM = 'system:cluster-sim';
const namespaceType = BUILTIN_TYPES.find((rt) => rt.resource === 'namespaces')!;
const nodeType = BUILTIN_TYPES.find((rt) => rt.resource === 'nodes')!;
const crdType = BUILTIN_TYPES.find((rt) => rt.resource === 'customresourcedefinitions')!;

/** One materialised virtual cluster: its objects, the types it serves, and its controllers. */
export class VirtualCluster {
  readonly store: ObjectStore;
  readonly types = new TypeRegistry();
  readonly writer: ResourceWriter;
  private readonly controllers: ControllerContext;
  /** Open watch streams, so a fault or a cluster deletion can cut them. */
  readonly watches = new Set<{ close(): void }>();

  constructor(
    readonly name: string,
    behaviour: WorkloadBehaviour,
    ringSize: number,
  ) {
    this.store = new ObjectStore(ringSize);
    this.writer = new ResourceWriter(this.store, this.types);
    this.controllers = new ControllerContext(this.store, this.writer, behaviour);
    const handlers = [
      new PodLifecycleController(this.controllers),
      new ReplicaSetController(this.controllers),
      new DeploymentController(this.controllers),
      new StatefulSetController(this.controllers),
      new DaemonSetController(this.controllers),
      new JobController(this.controllers),
      new CronJobController(this.controllers),
      new LoadBalancerController(this.controllers),
      new FluxController(this.controllers),
      new TerraformController(this.controllers),
    ];
    this.store.subscribe((e: StoreEvent) => {
      for (const h of handlers) h.onEvent(e);
    });
    this.seed();
  }

  /**
   * What a fresh kubeadm cluster with `flux install` done shows: the default namespaces, one Ready node,
   * and Flux's namespace and CRDs, tf-controller's Terraform among them (simulated by FluxController and TerraformController).
   */
  private seed(): void {
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease', FLUX_NAMESPACE]) {
      this.writer.create(namespaceType, '', { metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns } } }, { manager: SYSTEM });
    }
    this.writer.create(
      nodeType,
      '',
      {
        metadata: { name: 'sim-node-1', labels: { 'kubernetes.io/hostname': 'sim-node-1', 'kubernetes.io/os': 'linux' } },
        spec: {},
      },
      { manager: SYSTEM },
    );
    for (const kind of [...Object.values(FLUX_KINDS), TERRAFORM_KIND]) this.writer.create(crdType, '', fluxCrd(kind), { manager: SYSTEM });
    const node = this.store.get('/nodes', '', 'sim-node-1')!;
    this.writer.update(
      nodeType,
      '',
      'sim-node-1',
      {
        ...node,
        status: {
          conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
          capacity: { cpu: '8', memory: '32Gi', pods: '110' },
          allocatable: { cpu: '8', memory: '32Gi', pods: '110' },
          nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'cluster-sim', architecture: 'amd64', operatingSystem: 'linux' },
        },
      },
      { manager: SYSTEM },
      'status',
    );
  }

  closeWatches(): void {
    for (const w of [...this.watches]) w.close();
  }

  dispose(): void {
    this.controllers.dispose();
    this.closeWatches();
  }
}
