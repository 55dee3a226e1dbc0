/** Port: tells the runner at once when a deployment is launched or an operation queued (else it finds out by polling). */
export abstract class RunWakeups {
  abstract start(onWake: () => void): Promise<void>;
  abstract stop(): Promise<void>;
}
