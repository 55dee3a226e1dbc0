/** amctl's exit codes, documented in the README; scripts branch on them. */
export const ExitCode = {
  ok: 0,
  /** Anything else that went wrong; stderr names it. */
  error: 1,
  /** Bad usage or input: an unknown flag, a file that is not YAML, an application the service refuses as written (400/422). */
  usage: 2,
  /** No credential, or the service refused it (401). */
  notAuthenticated: 3,
  /** The deployment followed ended FAILURE or TERMINATED. */
  deploymentFailed: 4,
  /** A service could not be reached (connection refused, DNS, 502/503/504). */
  unreachable: 5,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
