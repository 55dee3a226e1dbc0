import { join } from 'node:path';
import { aPackagedMicroservice, packageFromCorpus, type StandInComponent, type StandInPackage } from '../testing/app-package-stand-in.js';

/** An INTERNAL_ADDON component package: its workload (an AppManager add-on spec) and the option.json it carries. */
function anInternalAddon(name: string): StandInComponent {
  return {
    type: 'INTERNAL_ADDON',
    name,
    version: '1.0.0',
    workload: { apiVersion: 'apps.abm.io/v1', kind: `${name}Config`, metadata: { name }, spec: {} },
    images: [],
    files: { 'option.json': { options: { name } } },
  };
}

function aChart(type: 'ABM_HELM' | 'ABM_KUSTOMIZE', name: string): StandInComponent {
  const [chart, version] = name.split('@') as [string, string];
  const spec =
    type === 'ABM_HELM'
      ? { chart, version, repoUrl: 'https://charts.example.test' }
      : { url: 'https://git.example.test/kustomize-demo.git', path: `overlays/${version}`, branch: 'main' };
  return {
    type,
    name,
    version,
    workload: { apiVersion: 'apps.abm.io/v1', kind: type, metadata: { name: chart }, spec },
    images: [],
    files: {},
  };
}

const aJob: StandInComponent = {
  type: 'K8S_JOB',
  name: 'job',
  version: '1.0.0',
  workload: {
    apiVersion: 'apps.abm.io/v1',
    kind: 'Job',
    metadata: { name: 'job' },
    spec: { containers: [{ name: 'job', image: 'registry.local/job:1.0.0' }] },
  },
  images: [{ name: 'job', image: 'registry.local/job:1.0.0' }],
  files: {},
};

/**
 * The app packages the corpus's files deploy from: SREWorks' two applications as their build left them (read from
 * the corpus), and small hand-written ones for AppManager's test fixtures (whose packages its tests built on the fly).
 */
export function conformancePackages(corpus: string, text: (raw: string) => string): StandInPackage[] {
  return [
    packageFromCorpus(join(corpus, 'app-packages', 'search'), { id: 'search-1', appId: 'search', version: '1.1.2' }, text),
    packageFromCorpus(join(corpus, 'app-packages', 'upload'), { id: 'upload-1', appId: 'upload', version: '1.0.0' }, text),
    {
      // AppManager's fixture apps: `testapp` (appPackageId PLACEHOLDER_APP_PACKAGE_ID, substituted to 1)
      id: '1',
      appId: 'testapp',
      version: '1.0.0',
      components: [
        aPackagedMicroservice('server', '1.0.0'),
        aJob,
        anInternalAddon('productops'),
        anInternalAddon('authproxy'),
        aChart('ABM_HELM', 'helm-demo-chart@0.0.1@test'),
        aChart('ABM_HELM', 'helm-demo-chart@0.0.3@test'),
        aChart('ABM_KUSTOMIZE', 'kustomize-demo-chart@0.0.2@test'),
        {
          type: 'ABM_STATUS',
          name: 'general-status@kustomize-demo-chart',
          version: '1.0.0',
          workload: { apiVersion: 'apps.abm.io/v1', kind: 'Status', metadata: { name: 'general-status' }, spec: {} },
          images: [],
          files: {},
        },
      ],
    },
    {
      // deploy-config files name no app: a plan of one is an application named "application"
      id: 'deploy-config-1',
      appId: 'application',
      version: '1.0.0',
      components: [aPackagedMicroservice('aiops-server', '1.0.0'), anInternalAddon('productops')],
    },
  ];
}
