import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type NatsConnection } from '@nats-io/transport-node';
import { parse as parseYaml } from 'yaml';
import { resolveAppPackageRequest, type resolveAppPackageReplySchema, type resolveAppPackageRequestSchema } from '@appmanager/contracts';
import { type z } from 'zod';

type Query = z.infer<typeof resolveAppPackageRequestSchema>;
type Reply = z.infer<typeof resolveAppPackageReplySchema>;
export type StandInComponent = Extract<Reply, { components: unknown }>['components'][number];

/** One app package as the build service would keep it. */
export interface StandInPackage {
  id: string;
  appId: string;
  version: string;
  components: StandInComponent[];
}

/**
 * Plays the build service on the wire for deploy's tests: answers `build.rpc.app-package-resolve.v1` from the
 * packages given (the newest of an app is the last one given), in the build queue group, as the real one will.
 */
export function appPackageStandIn(client: NatsConnection, packages: StandInPackage[]) {
  const queries: Query[] = [];
  const subscription = client.subscribe(resolveAppPackageRequest.subject, {
    queue: resolveAppPackageRequest.queueGroup,
    callback: (_error, msg) => {
      const query = msg.json<Query>();
      queries.push(query);
      msg.respond(JSON.stringify(answer(packages, query)));
    },
  });
  return { queries, stop: () => subscription.unsubscribe() };
}

function answer(packages: StandInPackage[], query: Query): Reply {
  const ofApp = packages.filter((p) => p.appId === query.appId);
  const chosen = query.appPackageId
    ? ofApp.find((p) => p.id === query.appPackageId)
    : query.appPackageVersion
      ? ofApp.find((p) => p.version === query.appPackageVersion)
      : ofApp.at(-1);
  const which = query.appPackageId ?? query.appPackageVersion ?? 'newest';
  if (!chosen) return { error: { code: 'not-found', message: `no app package ${which} of "${query.appId}"` } };
  const components: StandInComponent[] = [];
  for (const wanted of query.components) {
    const found = chosen.components.find(
      (c) => c.type === wanted.type && c.name === wanted.name && (wanted.version === null || c.version === wanted.version),
    );
    if (!found) {
      const ref = `${wanted.type}|${wanted.name}${wanted.version === null ? '' : `@${wanted.version}`}`;
      return { error: { code: 'not-found', message: `app package ${chosen.id}@${chosen.version} of "${query.appId}" has no ${ref}` } };
    }
    components.push(found);
  }
  return { appPackage: { id: chosen.id, appId: chosen.appId, version: chosen.version }, components };
}

/**
 * An app package made from SREWorks' build output (`<TYPE>_<NAME>.zip.dir/meta.yaml`, option.json, content.json),
 * read at run time; `text` rewrites each file first (the corpus's PLACEHOLDER_*s).
 */
export function packageFromCorpus(
  dir: string,
  pkg: { id: string; appId: string; version: string },
  text: (raw: string) => string = (raw) => raw,
): StandInPackage {
  const components = readdirSync(dir)
    .filter((entry) => entry.endsWith('.zip.dir'))
    .map((entry): StandInComponent => {
      // `K8S_MICROSERVICE_tkgone`: the type is the upper-case words, the name what follows
      const [, type, name] = /^([A-Z0-9_]+?)_([^A-Z].*)\.zip\.dir$/.exec(entry) ?? [];
      const meta = parseYaml(text(readFileSync(join(dir, entry, 'meta.yaml'), 'utf8'))) as {
        metadata?: { annotations?: Record<string, string> };
        spec: { workload?: Record<string, unknown>; images?: { name: string; image: string }[] };
      };
      const files: Record<string, unknown> = {};
      for (const file of ['option.json', 'content.json'])
        if (existsSync(join(dir, entry, file))) files[file] = JSON.parse(text(readFileSync(join(dir, entry, file), 'utf8')));
      return {
        type: type as string,
        name: name as string,
        version: meta.metadata?.annotations?.['annotations.appmanager.oam.dev/version'] ?? pkg.version,
        workload: meta.spec.workload ?? null,
        images: (meta.spec.images ?? []).map((i) => ({ name: String(i.name), image: String(i.image) })),
        files,
      };
    });
  return { ...pkg, components };
}

/** A small K8S_MICROSERVICE component package: one container, for tests that need a packaged microservice. */
export function aPackagedMicroservice(name: string, version: string, image = `registry.local/${name}:${version}`): StandInComponent {
  return {
    type: 'K8S_MICROSERVICE',
    name,
    version,
    workload: {
      apiVersion: 'apps.abm.io/v1',
      kind: 'Microservice',
      metadata: { name },
      spec: { kind: 'Deployment', replicas: 1, env: {}, containers: [{ name, image, ports: [{ containerPort: 8080 }] }] },
    },
    images: [{ name, image }],
    files: {},
  };
}
