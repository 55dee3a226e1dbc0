import type { JsonObject } from '../domain/json-value.js';

/** One Flux custom resource, as its CustomResourceDefinition names it. */
export interface FluxKind {
  group: string;
  versions: string[];
  kind: string;
  plural: string;
  shortNames: string[];
}

/**
 * The Flux kinds AppManager's helm and kustomize components write. Every simulated cluster serves them,
 * as a cluster with `flux install` done would: their CRDs exist from the start (so `kubectl get crds`
 * and discovery show them) and the simulator's Flux controllers reconcile them.
 */
export const FLUX_KINDS = {
  helmRepository: {
    group: 'source.toolkit.fluxcd.io',
    versions: ['v1', 'v1beta2'],
    kind: 'HelmRepository',
    plural: 'helmrepositories',
    shortNames: ['helmrepo'],
  },
  gitRepository: {
    group: 'source.toolkit.fluxcd.io',
    versions: ['v1', 'v1beta2'],
    kind: 'GitRepository',
    plural: 'gitrepositories',
    shortNames: ['gitrepo'],
  },
  helmRelease: {
    group: 'helm.toolkit.fluxcd.io',
    versions: ['v2', 'v2beta2'],
    kind: 'HelmRelease',
    plural: 'helmreleases',
    shortNames: ['hr'],
  },
  kustomization: {
    group: 'kustomize.toolkit.fluxcd.io',
    versions: ['v1', 'v1beta2'],
    kind: 'Kustomization',
    plural: 'kustomizations',
    shortNames: ['ks'],
  },
} as const satisfies Record<string, FluxKind>;

/** The namespace `flux install` creates for its controllers. */
export const FLUX_NAMESPACE = 'flux-system';

/** A CRD as Flux ships it, minus the OpenAPI schema (the simulator keeps unknown fields, as before). */
export function fluxCrd(kind: FluxKind): JsonObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${kind.plural}.${kind.group}`,
      labels: { 'app.kubernetes.io/part-of': 'flux', 'app.kubernetes.io/instance': FLUX_NAMESPACE },
    },
    spec: {
      group: kind.group,
      scope: 'Namespaced',
      names: {
        plural: kind.plural,
        singular: kind.kind.toLowerCase(),
        kind: kind.kind,
        listKind: `${kind.kind}List`,
        shortNames: [...kind.shortNames],
      },
      versions: kind.versions.map((name, i) => ({
        name,
        served: true,
        storage: i === 0,
        subresources: { status: {} },
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      })),
    },
  };
}

/**
 * The tf-controller's Terraform kind (Flux's Terraform controller). Served like the Flux kinds; the simulator's
 * TerraformController plays the controller: it runs no Terraform, it writes the outputs Secret.
 */
export const TERRAFORM_KIND = {
  group: 'infra.contrib.fluxcd.io',
  versions: ['v1alpha2'],
  kind: 'Terraform',
  plural: 'terraforms',
  shortNames: ['tf'],
} as const satisfies FluxKind;
