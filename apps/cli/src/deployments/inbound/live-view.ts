import { styleText } from 'node:util';
import { createLogUpdate } from 'log-update';
import { interactive, type CliIo } from '../../cli/cli-io.js';
import { changedLines, stateSnapshot, type DeploymentGraph } from '../domain/deployment-graph.js';
import { graphTree, type Paint } from '../domain/graph-tree.js';

/** How a followed deployment is shown while it runs. */
export interface LiveView {
  show(graph: DeploymentGraph): void;
  close(): void;
}

const COLOURS: Record<string, Parameters<typeof styleText>[0]> = {
  SUCCESS: 'green',
  FAILURE: 'red',
  TERMINATED: 'red',
  WAIT_FOR_OP: 'magenta',
  SUSPENDED: 'cyan',
  RUNNING: 'yellow',
  PROCESSING: 'yellow',
};
const paint: Paint = (state) => (COLOURS[state] ? styleText(COLOURS[state], state, { validateStream: false }) : state);

/**
 * On a terminal (stdout a TTY, no NO_COLOR): one tree redrawn in place. Otherwise one line per change, so a CI
 * log or a pipe reads as a history: `node TYPE|NAME RUNNING`, `step approve SUSPENDED (waiting for ...)`.
 */
export function liveView(io: CliIo, write: (line: string) => void = io.out): LiveView {
  if (interactive(io) && io.stdout) {
    const update = createLogUpdate(io.stdout, { showCursor: true });
    return { show: (graph) => update(graphTree(graph, paint).join('\n')), close: () => update.done() };
  }
  let before = new Map<string, string>();
  return {
    show(graph) {
      const after = stateSnapshot(graph);
      for (const line of changedLines(before, after)) write(line);
      before = after;
    },
    close: () => undefined,
  };
}

/** The tree once, coloured only on a terminal. */
export function printTree(io: CliIo, graph: DeploymentGraph): void {
  io.out(graphTree(graph, interactive(io) ? paint : undefined).join('\n'));
}
