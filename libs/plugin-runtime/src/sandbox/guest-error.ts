import type { PluginErrorData } from '../errors/plugin-error.js';
import type { Invocation } from './invocation.js';
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';

const MAX_TEXT = 8 * 1024;

interface GuestErrorText {
  name?: string;
  message?: string;
  stack?: string;
}

/**
 * Reads name/message/stack of a thrown guest value without trusting it: only string properties are
 * taken, truncated, and any getter runs under the call's (usually already spent) CPU budget.
 */
export function readGuestError(ctx: QuickJSContext, error: QuickJSHandle): GuestErrorText {
  try {
    const type = ctx.typeof(error);
    if (type === 'string') return { message: clip(ctx.getString(error)) };
    if (type === 'number' || type === 'boolean') return { message: String(ctx.dump(error)) };
    if (type !== 'object') return { message: `a ${type} was thrown` };
    const text: GuestErrorText = {};
    for (const key of ['name', 'message', 'stack'] as const) {
      const prop = ctx.getProp(error, key);
      try {
        if (ctx.typeof(prop) === 'string') text[key] = clip(ctx.getString(prop));
      } finally {
        prop.dispose();
      }
    }
    return text;
  } catch {
    return { message: 'the thrown value could not be read' };
  }
}

/** Maps what the guest threw (and why the call stopped) to a stable error code. */
export function classifyGuestError(invocation: Invocation, text: GuestErrorText): PluginErrorData {
  const guest = { pluginErrorName: text.name, pluginMessage: text.message, pluginStack: text.stack };
  if (invocation.abort) return { ...guest, ...invocation.abort };
  if (invocation.interrupted) {
    return { ...guest, code: 'PLUGIN_TIMEOUT', message: `exceeded its CPU budget of ${invocation.limits.cpuMs} ms` };
  }
  const message = text.message ?? '';
  if (/stack overflow|call stack size exceeded/i.test(message)) {
    return { ...guest, code: 'PLUGIN_STACK_OVERFLOW', message: 'exceeded its stack size' };
  }
  if (/out of memory/i.test(message)) return { ...guest, code: 'PLUGIN_OUT_OF_MEMORY', message: 'ran out of memory' };
  switch (text.name) {
    case 'PluginOutputError':
      return { ...guest, code: 'PLUGIN_BAD_OUTPUT', message };
    case 'PluginMissingExport':
      return { ...guest, code: 'PLUGIN_MISSING_EXPORT', message };
    case 'HostCallError':
      return { ...guest, code: 'PLUGIN_HOST_CALL_FAILED', message: `a host call failed: ${message}` };
    default:
      return { ...guest, code: 'PLUGIN_THREW', message: `threw ${text.name ?? 'a value'}: ${message}` };
  }
}

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}
