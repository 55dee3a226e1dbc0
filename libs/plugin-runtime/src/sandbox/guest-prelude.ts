/**
 * Guest-side glue, evaluated in each plug-in context before the plug-in's own code. It is a function of
 * (bridge, grantsJson) that builds the frozen `host` object from the native bridge and returns `invoke`.
 * The bridge stays in this closure, so the plug-in can only reach capabilities through `host`, and only
 * the granted ones exist there. JSON.parse/stringify are captured before plug-in code can replace them
 * (a plug-in replacing them only harms itself: the host re-checks everything it gets back).
 *
 * Module format: the bundle is a classic script. It may assign `module.exports = { render }`,
 * `exports.render = ...`, or declare top-level functions (`function render(input, host) {}`).
 */
export const GUEST_PRELUDE = `(function (bridge, grantsJson) {
  'use strict';
  const parse = JSON.parse, stringify = JSON.stringify, freeze = Object.freeze, PromiseCtor = Promise;
  const global = globalThis;
  const grants = parse(grantsJson);
  const host = {};
  for (const [capability, methods] of grants) {
    const api = {};
    for (const method of methods) {
      api[method] = function (...args) {
        return bridge(capability, method, stringify(args)).then((json) => (json === '' ? undefined : parse(json)));
      };
    }
    host[capability] = freeze(api);
  }
  freeze(host);
  const module = { exports: {} };
  const initialExports = module.exports;
  global.module = module;
  global.exports = initialExports;
  function fail(name, message) {
    const error = new Error(message);
    error.name = name;
    throw error;
  }
  function serialise(value) {
    let json;
    try {
      json = stringify(value === undefined ? null : value);
    } catch (error) {
      fail('PluginOutputError', 'the result could not be serialised as JSON: ' + (error && error.message));
    }
    if (typeof json !== 'string') fail('PluginOutputError', 'the result is not JSON-serialisable');
    return json;
  }
  function lookup(name) {
    const candidates = [module.exports, initialExports, global];
    for (const candidate of candidates) {
      if (candidate && Object.prototype.hasOwnProperty.call(candidate, name) && typeof candidate[name] === 'function') {
        return candidate[name];
      }
    }
    return undefined;
  }
  return function invoke(name, input) {
    const fn = lookup(name);
    if (fn === undefined) fail('PluginMissingExport', 'the plug-in does not export a function "' + name + '"');
    const result = fn(parse(input), host);
    if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
      return PromiseCtor.resolve(result).then(serialise);
    }
    return serialise(result);
  };
})`;
