/** Stable codes: callers branch on these, dashboards count them. Never rename one. */
export const PLUGIN_ERROR_CODES = [
  'PLUGIN_THREW',
  'PLUGIN_TIMEOUT',
  'PLUGIN_OUT_OF_MEMORY',
  'PLUGIN_STACK_OVERFLOW',
  'PLUGIN_BAD_INPUT',
  'PLUGIN_BAD_OUTPUT',
  'PLUGIN_HOST_CALL_FAILED',
  'PLUGIN_HOST_CALL_LIMIT',
  'PLUGIN_CAPABILITY_DENIED',
  'PLUGIN_MISSING_EXPORT',
  'PLUGIN_SANDBOX_CRASH',
] as const;

export type PluginErrorCode = (typeof PLUGIN_ERROR_CODES)[number];

/** What crosses the worker boundary; `PluginError` is rebuilt from it on the host side. */
export interface PluginErrorData {
  code: PluginErrorCode;
  message: string;
  /** The guest's own error name/message/stack, when the guest threw something. */
  pluginErrorName?: string;
  pluginMessage?: string;
  pluginStack?: string;
}

export interface PluginErrorSubject {
  plugin?: string;
  fn?: string;
}

/** Every way a plug-in call can fail. The message names the plug-in and function; the plug-in's text is kept apart. */
export class PluginError extends Error {
  readonly code: PluginErrorCode;
  readonly pluginErrorName?: string;
  readonly pluginMessage?: string;
  readonly pluginStack?: string;
  readonly plugin?: string;
  readonly fn?: string;

  constructor(data: PluginErrorData, subject: PluginErrorSubject = {}) {
    const where = subject.plugin ? ` (${subject.plugin}${subject.fn ? `#${subject.fn}` : ''})` : '';
    super(`${data.code}: ${data.message}${where}`);
    this.name = 'PluginError';
    this.code = data.code;
    this.pluginErrorName = data.pluginErrorName;
    this.pluginMessage = data.pluginMessage;
    this.pluginStack = data.pluginStack;
    this.plugin = subject.plugin;
    this.fn = subject.fn;
  }

  toData(): PluginErrorData {
    return {
      code: this.code,
      message: this.message,
      pluginErrorName: this.pluginErrorName,
      pluginMessage: this.pluginMessage,
      pluginStack: this.pluginStack,
    };
  }
}

export function isPluginError(error: unknown, code?: PluginErrorCode): error is PluginError {
  return error instanceof PluginError && (code === undefined || error.code === code);
}
