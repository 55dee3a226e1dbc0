// Worker-thread entry: owns one QuickJS engine and runs one plug-in call at a time for the pool.
// Host capabilities stay on the main thread; the guest reaches them by message (see worker-protocol.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { QuickJSEngine } from '../sandbox/quickjs-engine.js';
import type { HostToWorker, WorkerData, WorkerToHost } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('sandbox.worker.js must run in a worker thread');
const data = workerData as WorkerData;
const post = (message: WorkerToHost): void => port.postMessage(message);
let currentId = 0;

const engine = await QuickJSEngine.create(
  data.variant,
  data.limits,
  new Float64Array(data.sliceClock),
  (callId, capability, method, args) => post({ t: 'hostCall', id: currentId, callId, capability, method, args }),
);

function die(reason: unknown): never {
  const message = reason instanceof Error ? `${reason.name}: ${reason.message}` : safeJson(reason);
  post({ t: 'fatal', message });
  process.exit(1);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value).slice(0, 1000);
  } catch {
    return String(value);
  }
}

port.on('message', (message: HostToWorker) => {
  switch (message.t) {
    case 'call': {
      currentId = message.id;
      if (message.forgetLoads) engine.forgetLoads();
      engine.call(message.key, message.scope, message.load, message.fn, message.input, message.limits).then(
        ({ unusable, ...result }) => {
          post({ t: 'done', id: message.id, ...result, ...(unusable ? { retiring: true as const } : {}) });
          if (unusable) die(new Error(unusable));
        },
        // Anything escaping the engine (a WASM trap, an abort while disposing) leaves the module unusable.
        (error: unknown) => die(error),
      );
      break;
    }
    case 'hostResult':
      if (message.id === currentId) engine.settle(message.callId, message);
      break;
    case 'leakCheck':
      try {
        engine.disposeAllAndCheckLeaks();
        post({ t: 'leakReport', ok: true, message: 'no QuickJS memory left allocated' });
      } catch (error) {
        post({ t: 'leakReport', ok: false, message: error instanceof Error ? error.message : String(error) });
      }
      break;
  }
});

process.on('uncaughtException', die);
post({ t: 'ready' });
