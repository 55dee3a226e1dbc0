export class UntrustedJsonError extends Error {
  override readonly name = 'UntrustedJsonError';
}

export interface UntrustedJsonLimits {
  maxBytes: number;
  maxDepth: number;
}

const SUSPICIOUS = /__proto__|prototype|\\u/;

/**
 * Parses JSON that came out of a sandbox. Refuses it when too large or nested too deeply (checked by a
 * scan before parsing, so nothing recursive runs on hostile nesting), and when it carries `__proto__`
 * keys or a `constructor.prototype` path: JSON.parse keeps those as own properties, and the first
 * deep merge into a host object would pollute Object.prototype.
 */
export function parseUntrustedJson(text: string, limits: UntrustedJsonLimits): unknown {
  if (Buffer.byteLength(text, 'utf8') > limits.maxBytes) throw new UntrustedJsonError(`larger than ${limits.maxBytes} bytes`);
  const depth = nestingDepth(text);
  if (depth > limits.maxDepth) throw new UntrustedJsonError(`nested deeper than ${limits.maxDepth} levels`);
  try {
    // Fast path: without these substrings no forbidden key can appear, escaped or not.
    if (!SUSPICIOUS.test(text)) return JSON.parse(text);
    return JSON.parse(text, forbidPollutingKeys);
  } catch (error) {
    if (error instanceof UntrustedJsonError) throw error;
    throw new UntrustedJsonError(`not valid JSON: ${(error as Error).message}`);
  }
}

function forbidPollutingKeys(this: unknown, key: string, value: unknown): unknown {
  if (key === '__proto__') throw new UntrustedJsonError('contains a "__proto__" key');
  if (key === 'constructor' && value !== null && typeof value === 'object' && Object.hasOwn(value, 'prototype')) {
    throw new UntrustedJsonError('contains a "constructor.prototype" path');
  }
  return value;
}

/** Maximum bracket nesting outside strings. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) max = depth;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}
