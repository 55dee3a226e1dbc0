import { fileURLToPath } from 'node:url';
import { packManifest, type PackageManifest, type PackedPlugin } from '@appmanager/plugin-package';
import { freePort, startServiceProcess } from '@appmanager/testing';

/** The registry's built entry point: an app never imports another app, so tests run it as a process. */
const REGISTRY_MAIN = fileURLToPath(new URL('../../../plugin-registry/dist/main.js', import.meta.url));

export interface RegistryProcess {
  url: string;
  /** Its output so far, for a failure message. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `apps/plugin-registry/dist/main.js` (which installs the built-in plug-ins) and waits for its /readyz; `port` to start it again where it was. */
export async function startRegistryProcess(
  env: { NATS_URL: string; DATABASE_URL: string; S3_PORT: number; S3_BUCKET: string },
  port?: number,
): Promise<RegistryProcess> {
  port ??= await freePort();
  const started = await startServiceProcess({
    name: 'the plug-in registry',
    main: REGISTRY_MAIN,
    port,
    env: {
      ...process.env,
      NATS_URL: env.NATS_URL,
      DATABASE_URL: env.DATABASE_URL,
      LOG_LEVEL: 'warn',
      S3_ENDPOINT: '127.0.0.1',
      S3_PORT: String(env.S3_PORT),
      S3_USE_SSL: 'false',
      S3_ACCESS_KEY: 'S3RVER',
      S3_SECRET_KEY: 'S3RVER',
      S3_BUCKET: env.S3_BUCKET,
    },
  });
  return { url: started.url, output: started.output, stop: started.stop };
}

/** Packs a one-definition Component plug-in from a temporary directory, as `amctl plugin pack` does. */
export function aComponentPlugin(manifest: PackageManifest, script: string): Promise<PackedPlugin> {
  return packManifest(manifest, () => script);
}

/**
 * `banner.test.appmanager.io@<version>`: Component type `banner`, one ConfigMap `<name>` whose `data.version`
 * says which version of the plug-in rendered it.
 */
export function aBannerPlugin(version: string): Promise<PackedPlugin> {
  const script = `exports.render = function (input) {
  return { resources: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: input.component.name }, data: { message: input.properties.message, version: '${version}' } }] };
};
exports.apply = async function (input, host) {
  var applied = [];
  for (var i = 0; i < input.resources.length; i++) { var o = await host.kube.apply(input.resources[i]); applied.push({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name }); }
  return { applied: applied };
};
exports.status = function () { return { state: 'RUNNING' }; };
exports.destroy = function () { return { deleted: [] }; };
`;
  return aComponentPlugin(
    {
      name: 'banner.test.appmanager.io',
      version,
      description: 'a ConfigMap with a message',
      definitions: [
        {
          kind: 'Component',
          type: 'banner',
          script: 'dist/banner.js',
          capabilities: { kube: true, log: true },
          installRoles: ['admin'],
          propertiesSchema: { type: 'object', required: ['message'], properties: { message: { type: 'string' } } },
        },
      ],
    },
    script,
  );
}
