import { type DataInput, type FieldPathTarget, type JsonValue, type ParameterValue } from './application.model.js';
import { FieldPathError, setAtPath } from './field-path.js';

/** One value to write at one path, and where it came from (for error messages). */
export interface FieldWrite {
  path: string;
  value: JsonValue;
  source: string;
}

export interface PlannedWrites {
  /** Paths starting with `properties.`: applied to the plug-in's properties before render. */
  properties: FieldWrite[];
  /** Any other path: applied to the rendered workload (the first rendered object), as AppManager does. */
  workload: FieldWrite[];
}

const propertiesPrefix = /^(\$\.)?properties\./;

/**
 * Plans the writes of a component's (or trait's) parameterValues, then its dataInputs, in that order so a
 * data input wins over a static value at the same path. `dataValues` holds every data output produced so far.
 * `target` says what the paths address (see FieldPathTarget); a trait's always address `rendered`.
 */
export function planFieldWrites(
  parameterValues: ParameterValue[],
  dataInputs: DataInput[],
  dataValues: Readonly<Record<string, JsonValue>>,
  target: FieldPathTarget = 'rendered',
): PlannedWrites {
  const planned: PlannedWrites = { properties: [], workload: [] };
  const add = (path: string, value: JsonValue, source: string) => {
    if (target === 'properties') planned.properties.push({ path, value, source });
    else if (propertiesPrefix.test(path)) planned.properties.push({ path: path.replace(propertiesPrefix, ''), value, source });
    else planned.workload.push({ path, value, source });
  };
  for (const p of parameterValues) for (const path of p.toFieldPaths) add(path, p.value, `parameterValue ${p.name}`);
  for (const input of dataInputs) {
    if (!(input.from in dataValues))
      throw new FieldPathError(input.toFieldPaths[0] ?? '', `data output "${input.from}" has not been produced`);
    for (const path of input.toFieldPaths) add(path, dataValues[input.from] as JsonValue, `dataInput ${input.from}`);
  }
  return planned;
}

/** Returns a copy of `target` with every write applied. */
export function applyFieldWrites<T extends object>(target: T, writes: FieldWrite[]): T {
  const copy = structuredClone(target) as T & Record<string, unknown>;
  for (const write of writes) setAtPath(copy, write.path, structuredClone(write.value));
  return copy;
}
