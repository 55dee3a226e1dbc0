import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { adminRequest as request } from '@appmanager/testing';
import { sreworksCorpusDir } from '@appmanager/testing';
import { appPackageStandIn } from '../testing/app-package-stand-in.js';
import { conformancePackages } from './conformance-packages.js';
import { startDeployTestBed, type DeployTestBed } from '../testing/deploy-test-bed.js';

/**
 * AppManager's own test fixtures (../shared/conformance/sreworks, never copied into this repository), each planned
 * as its author wrote it. A file either plans, or is refused with a 422 naming only what this platform genuinely
 * lacks; the expectation per file is written down here, so a change in the dialect shows up as a failure.
 */
const corpus = sreworksCorpusDir();

/** What its tests substituted before use (PLACEHOLDER_*), and the SREWorks installer's `${VAR}` (envsubst). */
function substituted(text: string): string {
  return text
    .replace(/PLACEHOLDER_APP_PACKAGE_ID/g, '1')
    .replace(/PLACEHOLDER_[A-Z_]+/g, 'placeholder')
    .replace(/\$\{NAMESPACE_ID\}/g, 'default')
    .replace(/\$\{[A-Z_]+\}/g, 'from-installer');
}

/** planned, or the refusal a reader should see (a regular expression over the 422's issues). */
const expected: Record<string, 'planned' | RegExp> = {
  // a bare `revisionName: K8S_MICROSERVICE` is a deploy-config template, merged into applications, not deployed
  'deploy-config--global_template_mix_components.yaml':
    /"K8S_MICROSERVICE" is a bare component type: in AppManager that is a deploy-config template/,
  'deploy-config--global_template_only_user_components.yaml': /"K8S_MICROSERVICE" is a bare component type/,
  // an INTERNAL_ADDON only: planned, the add-on node is requested from the add-on service at run time
  'deploy-config--global_template_only_system_components.yaml': 'planned',
  'deploy-config--sync_to_git_baseline_remote.yaml': 'planned',
  // TYPE|NAME|_ takes its workload from an app package: the stand-in build service serves one (conformance-packages.ts)
  'deploy-config--sreworks_k8s_microservice_aiops_api.yaml': 'planned',
  'deploy-config--sync_to_git_baseline_local.yaml': 'planned',
  'server--e2e_workflow_kustomize.yaml': 'planned',
  'server--e2e_workflow_microservice.yaml': 'planned',
  'server--k8s_microservice.yaml': 'planned',
  // AppManager's ABM_STATUS (a status probe of a chart) has no plug-in here
  'server--e2e_abm_kustomize.yaml': /spec\.components\[1\]\.type unknown Component type "ABM_STATUS"/,
  // a dataInput from `Global.KUBECONFIG`: a global parameter read as a data output, which this platform does not produce
  'server--e2e_workflow_apply_components.yaml': /no component, trait or add-on produces data output "Global\.KUBECONFIG"/,
  'server--e2e_workflow_helm.yaml': /no component, trait or add-on produces data output "Global\.KUBECONFIG"/,
  'server--e2e_workflow_rollout.yaml': /no component, trait or add-on produces data output "Global\.KUBECONFIG"/,
  // a Jinja template of a file (`{{ options.appPackageId }}` unquoted), not YAML until AppManager's test rendered it
  'server--test_ac.yaml': /an unquoted template \{\{ options\.appPackageId \}\}: YAML reads it as a mapping/,
  // a workflow-graph fixture with no components at all
  'server--test_workflow_graph.yaml': /spec\.components/,
  // the two real applications' launch files, unchanged: their components come from the app packages beside them
  'app-packages/search/launch-example.yaml': 'planned',
  'app-packages/upload/launch-example.yaml': 'planned',
};

describe(
  "SREWorks conformance: AppManager's own ApplicationConfiguration fixtures",
  { skip: corpus ? false : 'the SREWorks corpus (../shared/conformance/sreworks) is not on this machine; set SREWORKS_CONFORMANCE_DIR' },
  () => {
    let bed: DeployTestBed;

    before(async () => {
      bed = await startDeployTestBed({ label: 'deploy-conformance' });
      // the build service, serving the corpus's app packages (and small ones for AppManager's fixtures)
      appPackageStandIn(bed.client, conformancePackages(corpus as string, substituted));
      // the environment the fixtures name: clusters master and slave, namespaces default and abm-daily, stages dev/stage/prod
      for (const cluster of ['master', 'slave']) {
        bed.sim.createCluster(cluster);
        await request(bed.service.url)
          .post('/v1/clusters')
          .send({
            id: cluster,
            unitId: 'eu',
            name: cluster,
            apiEndpoint: bed.sim.serverOf(cluster),
            caCertificate: bed.sim.caPem,
            credentials: { kind: 'token', token: bed.sim.registry.tokenOf(cluster) },
          })
          .expect(201);
        for (const namespace of ['default', 'abm-daily']) {
          await request(bed.service.url)
            .post('/v1/namespaces')
            .send({ id: `${namespace}-${cluster}`, clusterId: cluster, name: namespace })
            .expect(201);
          for (const stage of ['dev', 'stage', 'prod'])
            await request(bed.service.url)
              .post('/v1/stages')
              .send({ id: `${stage}-${namespace}-${cluster}`, namespaceId: `${namespace}-${cluster}`, name: stage })
              .expect(201);
        }
      }
    });

    after(() => bed?.close());

    it('plans each file, or refuses it naming only what this platform lacks, and prints the report', async () => {
      const dir = join(corpus as string, 'application-configurations');
      const files = [
        ...readdirSync(dir)
          .sort()
          .map((file) => ({ file, path: join(dir, file) })),
        ...['search', 'upload'].map((app) => ({
          file: `app-packages/${app}/launch-example.yaml`,
          path: join(corpus as string, 'app-packages', app, 'launch-example.yaml'),
        })),
      ];
      const report: string[] = [];
      const surprises: string[] = [];
      for (const { file, path } of files) {
        const configuration = substituted(readFileSync(path, 'utf8'));
        // AppManager's default target when a file names none: its local cluster `master`, namespace `default`
        const answer = await request(bed.service.url)
          .post('/v1/deployments:plan')
          .send({ configuration, target: { cluster: 'master', namespace: 'default', stage: 'dev' } });
        const outcome =
          answer.status === 200
            ? 'planned'
            : `refused ${answer.status}: ${(answer.body.issues ?? [{ path: '', message: answer.body.message }]).map((i: { path: string; message: string }) => `${i.path} ${i.message}`).join('; ')}`;
        const nodes =
          answer.status === 200
            ? ` (${answer.body.deploySteps.length} deploy step(s), nodes: ${answer.body.nodes.map((n: { id: string; note?: string }) => `${n.id}${n.note ? ` [${n.note}]` : ''}`).join(', ')})`
            : '';
        report.push(`${file}: ${outcome}${nodes}`);
        const want = expected[file];
        if (want === undefined) surprises.push(`${file}: no expectation written down`);
        else if (want === 'planned' ? answer.status !== 200 : answer.status !== 422 || !want.test(outcome))
          surprises.push(`${file}: expected ${String(want)}, got ${outcome}`);
      }
      console.log(`SREWorks conformance report (${corpus as string}):\n  ${report.join('\n  ')}`);
      assert.deepEqual(surprises, []);
    });

    function launchFile(app: string): string {
      return substituted(readFileSync(join(corpus as string, 'app-packages', app, 'launch-example.yaml'), 'utf8'));
    }

    type PlannedNode = { id: string; manifests: { kind: string; metadata: { name: string }; spec: Record<string, unknown> }[] };

    for (const { app, component, kind, port, path, env } of [
      {
        app: 'upload',
        component: 'filemanage',
        kind: 'Deployment',
        port: 7001,
        path: '/sreworks/other',
        env: { DB_NAME: 'sreworks_meta', UPLOAD_SUB_PATH: 'v1.0', DB_HOST: '<data:Global.DB_HOST>' },
      },
      {
        app: 'search',
        component: 'tkgone',
        kind: 'StatefulSet',
        port: 7001,
        path: '/v2/foundation/kg',
        env: {
          ELASTICSEARCH_HOST: 'prod-dataops-elasticsearch-master.sreworks-dataops',
          DB_NAME: 'search_saas_tkgone',
          DB_HOST: '<data:Global.DB_HOST>',
        },
      },
    ]) {
      it(`plans SREWorks' ${app} application unchanged against its app package, with the values its author meant`, async () => {
        const answer = await request(bed.service.url)
          .post('/v1/deployments:plan')
          .send({ configuration: launchFile(app), target: { cluster: 'master', namespace: 'default', stage: 'dev' } });
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        const nodes = answer.body.nodes as PlannedNode[];
        const id = `K8S_MICROSERVICE|${component}`;
        const [deployment] = nodes.find((n) => n.id === id)?.manifests ?? [];
        assert.equal(deployment?.kind, kind, "the Microservice's spec.kind");
        assert.equal(deployment?.metadata.name, `dev-${app}-${component}`, "AppManager's {stage}-{app}-{component}");
        const pod = (
          deployment?.spec['template'] as {
            spec: { containers: { image: string; env: { name: string; value: string }[] }[]; initContainers: { name: string }[] };
          }
        ).spec;
        assert.equal(deployment?.spec['replicas'], 1);
        assert.match(
          pod.containers[0]?.image ?? '',
          new RegExp(`^sreworks-registry\\.cn-beijing\\.cr\\.aliyuncs\\.com/hub/${app}-${component}-${component}:`),
        );
        assert.deepEqual(
          pod.initContainers.map((c) => c.name),
          ['db-migration'],
        );
        const values = Object.fromEntries(pod.containers[0]?.env.map((e) => [e.name, e.value]) ?? []);
        for (const [name, value] of Object.entries(env)) assert.equal(values[name], value, `env ${name}`);
        const [service] = nodes.find((n) => n.id === `${id}#service.trait.abm.io`)?.manifests ?? [];
        assert.deepEqual(
          (service?.spec['ports'] as { port: number; targetPort: number }[]).map((p) => [p.port, p.targetPort]),
          [[80, port]],
        );
        const [route] = nodes.find((n) => n.id === `${id}#gateway.trait.abm.io`)?.manifests ?? [];
        const paths = (route?.spec['rules'] as { http: { paths: { path: string; backend: { service: { name: string } } }[] } }[]).flatMap(
          (r) => r.http.paths,
        );
        assert.deepEqual(
          paths.map((p) => [p.path, p.backend.service.name]),
          [[path, `dev-${app}-${component}`]],
        );
        const addons = nodes
          .filter((n) => n.id.includes('_ADDON|'))
          .map((n) => n.id)
          .sort();
        assert.ok(
          addons.includes('RESOURCE_ADDON|system-env@system-env'),
          'its add-ons are nodes too, requested from the add-on service at run time',
        );
      });
    }
  },
);
