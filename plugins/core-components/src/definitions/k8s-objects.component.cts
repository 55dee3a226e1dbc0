import type { ComponentInput, ComponentPlugin, KubeObject, KubeObjectRef } from '@appmanager/plugin-sdk';

// Self-contained on purpose: a bundle is one script in the sandbox, with no imports at run time.

interface K8sObjectsProperties {
  /** Raw manifests. Namespaced only: the host keeps plug-ins to the target namespace. */
  objects: KubeObject[];
}

type Input = ComponentInput<K8sObjectsProperties>;

function refOf(object: KubeObject): KubeObjectRef {
  return { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name };
}

/** The objects as given, labelled with their app and component so the sensor and destroy find them. */
function labelled(input: Input): KubeObject[] {
  return input.properties.objects.map((object) => {
    const copy = JSON.parse(JSON.stringify(object)) as KubeObject;
    copy.metadata.labels = {
      ...copy.metadata.labels,
      'appmanager.io/app': input.context.appId,
      'appmanager.io/component': input.component.name,
      'app.kubernetes.io/managed-by': 'appmanager',
    };
    return copy;
  });
}

export const render: ComponentPlugin<K8sObjectsProperties>['render'] = (input) => ({ resources: labelled(input) });

export const apply: ComponentPlugin<K8sObjectsProperties>['apply'] = async (input, host) => {
  const applied: KubeObjectRef[] = [];
  for (const resource of input.resources) applied.push(refOf(await host.kube!.apply(resource)));
  return { applied };
};

/** RUNNING once every object exists; which ones are missing otherwise. Readiness of each kind is not judged. */
export const status: ComponentPlugin<K8sObjectsProperties>['status'] = async (input, host) => {
  const missing: string[] = [];
  for (const object of input.properties.objects) {
    if (!(await host.kube!.get(refOf(object)))) missing.push(`${object.kind}/${object.metadata.name}`);
  }
  return missing.length === 0 ? { state: 'RUNNING' } : { state: 'PENDING', message: `not found: ${missing.join(', ')}` };
};

export const destroy: ComponentPlugin<K8sObjectsProperties>['destroy'] = async (input, host) => {
  const deleted: KubeObjectRef[] = [];
  for (const object of [...input.properties.objects].reverse()) if (await host.kube!.delete(refOf(object))) deleted.push(refOf(object));
  return { deleted };
};
