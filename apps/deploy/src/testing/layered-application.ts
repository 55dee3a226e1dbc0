/**
 * A layered application of `k8s-objects` ConfigMaps (ready as soon as they exist): `layers` layers of
 * `components / layers` components, each depending on two of the layer before. About 250 bytes of JSON a component.
 */
export function aLayeredApplication(options: {
  name: string;
  components: number;
  layers: number;
  cluster?: string;
}): Record<string, unknown> {
  const width = Math.ceil(options.components / options.layers);
  const nameOf = (layer: number, i: number) => `l${layer}-c${i}`;
  const components: Record<string, unknown>[] = [];
  for (let n = 0; n < options.components; n++) {
    const layer = Math.floor(n / width);
    const i = n % width;
    const previous = Math.min(width, options.components - (layer - 1) * width);
    const dependsOn = layer === 0 ? [] : [...new Set([nameOf(layer - 1, i % previous), nameOf(layer - 1, (i + 1) % previous)])];
    components.push({
      name: nameOf(layer, i),
      type: 'k8s-objects',
      properties: {
        objects: [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: `cm-${nameOf(layer, i)}` },
            data: { layer: String(layer), index: String(i), payload: 'x'.repeat(64) },
          },
        ],
      },
      ...(dependsOn.length > 0 ? { dependsOn } : {}),
    });
  }
  return {
    apiVersion: 'appmanager.io/v1',
    kind: 'Application',
    metadata: { name: options.name },
    spec: { target: { cluster: options.cluster ?? 'sim-1', namespace: 'shop', stage: 'dev' }, components },
  };
}
