/** Test fixtures: builders of AppManager ApplicationConfiguration documents (the dialect users submit). */
type Doc = Record<string, unknown>;

export class ComponentBuilder {
  private readonly doc: Doc;

  /** Starts with empty `properties` (our extension); `fromPackage()` drops them, `withWorkload()` gives AppManager's form. */
  constructor(type: string, name: string, version = '_') {
    this.doc = { revisionName: `${type}|${name}|${version}`, properties: {} };
  }

  withProperties(properties: Doc): this {
    this.doc['properties'] = properties;
    return this;
  }

  /** AppManager's own form: the workload as its component package has it; paths address it. */
  withWorkload(workload: Doc): this {
    delete this.doc['properties'];
    this.doc['workload'] = workload;
    return this;
  }

  /** Nothing inline: the workload would come from an app package, as in AppManager's own files. */
  fromPackage(): this {
    delete this.doc['properties'];
    return this;
  }

  consuming(dataOutputName: string, ...toFieldPaths: string[]): this {
    this.list('dataInputs').push({ valueFrom: { dataOutputName }, toFieldPaths });
    return this;
  }

  producing(name: string, fieldPath: string): this {
    this.list('dataOutputs').push({ name, fieldPath });
    return this;
  }

  dependingOn(component: string): this {
    this.list('dependencies').push({ component });
    return this;
  }

  withParameter(name: string, value: unknown, ...toFieldPaths: string[]): this {
    this.list('parameterValues').push({ name, value, toFieldPaths });
    return this;
  }

  withTrait(name: string, runtime?: 'pre' | 'post', spec: Doc = {}, extra: Doc = {}): this {
    this.list('traits').push({ name, ...(runtime ? { runtime } : {}), spec, ...extra });
    return this;
  }

  inScope(kind: 'Cluster' | 'Namespace' | 'Stage', name: string): this {
    this.list('scopes').push({ scopeRef: { apiVersion: 'core.oam.dev/v1alpha2', kind, name } });
    return this;
  }

  build(): Doc {
    return structuredClone(this.doc);
  }

  private list(key: string): unknown[] {
    return ((this.doc[key] as unknown[] | undefined) ?? (this.doc[key] = [])) as unknown[];
  }
}

export class ApplicationBuilder {
  private readonly components: ComponentBuilder[] = [];
  private readonly steps: Doc[] = [];
  private readonly annotations: Doc = {};
  private readonly parameterValues: Doc[] = [];
  private mode: 'StepByStep' | 'DAG' | undefined;

  constructor(private readonly name: string) {}

  withComponent(component: ComponentBuilder): this {
    this.components.push(component);
    return this;
  }

  targeting(target: { clusterId?: string; namespaceId?: string; stageId?: string; unitId?: string }): this {
    Object.assign(this.annotations, target);
    return this;
  }

  withParameter(name: string, value: unknown): this {
    this.parameterValues.push({ name, value });
    return this;
  }

  withStep(step: Doc): this {
    this.steps.push(step);
    return this;
  }

  inMode(mode: 'StepByStep' | 'DAG'): this {
    this.mode = mode;
    return this;
  }

  build(): Doc {
    return {
      apiVersion: 'core.oam.dev/v1alpha2',
      kind: 'ApplicationConfiguration',
      metadata: { name: this.name, annotations: { appId: this.name, ...this.annotations } },
      spec: {
        parameterValues: this.parameterValues,
        components: this.components.map((c) => c.build()),
        ...(this.steps.length > 0 || this.mode ? { workflow: { ...(this.mode ? { mode: this.mode } : {}), steps: this.steps } } : {}),
      },
    };
  }
}

export const anApplication = (name = 'shop') => new ApplicationBuilder(name);
export const aComponent = (type: string, name: string, version?: string) => new ComponentBuilder(type, name, version);

/**
 * The three-tier application: a database add-on whose outputs feed a backend, whose service URL
 * feeds a frontend, plus an independent worker.
 */
export function aThreeTierApplication(): ApplicationBuilder {
  return anApplication('shop')
    .targeting({ clusterId: 'c1', namespaceId: 'shop', stageId: 'dev' })
    .withComponent(aComponent('RESOURCE_ADDON', 'postgres@db', '1.0').producing('db.host', '{{ outputs.host }}'))
    .withComponent(
      aComponent('microservice', 'backend')
        .withProperties({ image: 'shop/backend:1', env: {} })
        .consuming('db.host', 'properties.env.DB_HOST')
        .producing('backend.url', 'status.url')
        .withTrait('service', 'post'),
    )
    .withComponent(
      aComponent('microservice', 'frontend')
        .withProperties({ image: 'shop/frontend:1', env: {} })
        .consuming('backend.url', 'properties.env.BACKEND_URL'),
    )
    .withComponent(aComponent('microservice', 'worker').withProperties({ image: 'shop/worker:1' }));
}
