/**
 * `service` is the platform's own services calling each other (deploy, add-on and sensor read plug-ins from the
 * registry and record their use); its API token is minted by `npm run up`.
 *
 * Who may do what: the platform's roles and the permissions each grants, as a casbin policy
 * (`p, <role>, <resource>, <action>`; `*` matches any). Nothing is granted by default: a role
 * not listed here, or a permission no line names, is refused. Rollback is an action of its own.
 */
export const roles = ['admin', 'infra-dev', 'sre', 'app-team', 'viewer', 'launcher', 'service'] as const;
export type Role = (typeof roles)[number];

/** `resource:action`, e.g. `deployments:launch`; plug-in installs name the kind: `plugins/Trait:install`. */
export type PermissionName = `${string}:${string}`;

export const casbinModel = `
[request_definition]
r = sub, obj, act

[policy_definition]
p = sub, obj, act

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.sub == p.sub && keyMatch(r.obj, p.obj) && (p.act == "*" || r.act == p.act)
`;

/** Reading: what every role but `launcher` may see (secrets are never part of a read). */
const reads = [
  'projects',
  'deploy-triggers',
  'applications',
  'deployments',
  'environments',
  'plugins',
  'packages',
  'build-configs',
  'addons',
  'fleet',
  'app-instances',
];

export const rolePolicy: readonly (readonly [Role, string, string])[] = [
  ['admin', '*', '*'],
  // everyone authenticated may ask who they are
  ...(['infra-dev', 'sre', 'app-team', 'viewer', 'launcher', 'service'] as const).map((role) => [role, 'self', 'read'] as const),
  ...(['infra-dev', 'sre', 'app-team', 'viewer'] as const).flatMap((role) => reads.map((resource) => [role, resource, 'read'] as const)),
  // infra-dev: the plug-ins that make workloads, steps and add-ons; tries them out
  ['infra-dev', 'plugins/Component', 'install'],
  ['infra-dev', 'plugins/WorkflowStep', 'install'],
  ['infra-dev', 'plugins/Addon', 'install'],
  ['infra-dev', 'plugins', 'install'],
  ['infra-dev', 'plugins', 'run'],
  ['infra-dev', 'deployments', 'plan'],
  // sre: the plug-ins that shape running workloads; operates any deployment
  ['sre', 'plugins/Trait', 'install'],
  ['sre', 'plugins/Policy', 'install'],
  ['sre', 'plugins', 'install'],
  ['sre', 'plugins', 'run'],
  ['sre', 'plugins', 'enable'],
  ...(['suspend', 'resume', 'retry', 'terminate', 'replay', 'rollback'] as const).map((action) => ['sre', 'deployments', action] as const),
  ['sre', 'deployments', 'plan'],
  ['sre', 'addons', 'release'],
  // app-team: its own projects' applications, from build to running
  ...(['launch', 'plan', 'suspend', 'resume', 'retry', 'terminate', 'replay', 'rollback', 'delete'] as const).map(
    (action) => ['app-team', 'deployments', action] as const,
  ),
  ['app-team', 'packages', 'build'],
  ['app-team', 'packages', 'write'],
  ['app-team', 'build-configs', 'write'],
  ['app-team', 'deploy-triggers', 'write'],
  ['app-team', 'addons', 'release'],
  // launcher: a CI system; launches and follows what it launched
  ['launcher', 'deployments', 'launch'],
  ['launcher', 'deployments', 'read'],
  // the platform's services among themselves
  ['service', 'plugins', 'read'],
  ['service', 'plugins', 'use'],
];
