import { z } from 'zod';
import { type ApplicationProblem, ApplicationInvalidError } from '../../applications/domain/application-invalid.error.js';
import { type ApplicationModel, type ComponentSpec, type JsonObject } from '../../applications/domain/application.model.js';

/**
 * What a deploy step asks the engine to deploy: the `deployRequest` output of the `deploy` / `apply-components`
 * step plug-ins (or of any step plug-in that wants components deployed). `*` means every component.
 */
export interface DeployRequest {
  /** `*`, component names, or `TYPE|NAME` ids. */
  components: string[];
  policies: string[];
  rollout?: JsonObject;
}

const deployRequestSchema = z.object({
  components: z.array(z.string().min(1)).min(1),
  policies: z.array(z.string().min(1)).default([]),
  rollout: z.record(z.string(), z.json()).optional(),
});

/** Reads a step's `deployRequest` output, or says what is wrong with it. */
export function parseDeployRequest(value: unknown, step: string): DeployRequest {
  const parsed = deployRequestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `step "${step}" answered a malformed deployRequest: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? ''}`.trim(),
    );
  }
  return {
    components: parsed.data.components,
    policies: parsed.data.policies,
    ...(parsed.data.rollout ? { rollout: parsed.data.rollout as JsonObject } : {}),
  };
}

/**
 * The application a deploy step deploys: the components it names and, transitively, everything they need to
 * start (their `dependencies` and the producers of their `dataInputs`, traits included). A step therefore never
 * runs a component without its inputs; a later step deploys the rest. Component order is kept.
 * Throws ApplicationInvalidError naming each entry that matches no component (or more than one).
 */
export function selectComponents(app: ApplicationModel, names: readonly string[], path: string): ApplicationModel {
  if (names.includes('*')) return app;
  const problems: ApplicationProblem[] = [];
  const chosen = new Set<string>();
  names.forEach((name, i) => {
    const matches = app.components.filter((c) => c.id === name || c.name === name);
    if (matches.length === 1) chosen.add((matches[0] as ComponentSpec).id);
    else if (matches.length === 0)
      problems.push({
        path: `${path}[${i}]`,
        problem: `names no component of the application: "${name}" (known: ${app.components.map((c) => c.id).join(', ')})`,
      });
    else
      problems.push({
        path: `${path}[${i}]`,
        problem: `"${name}" is ambiguous: ${matches.map((c) => c.id).join(', ')}; name it as TYPE|NAME`,
      });
  });
  if (problems.length > 0) throw new ApplicationInvalidError(problems);
  const producers = new Map<string, string>();
  for (const c of app.components) {
    for (const o of c.dataOutputs) producers.set(o.name, c.id);
    for (const t of c.traits) for (const o of t.dataOutputs) producers.set(o.name, c.id);
  }
  const byId = new Map(app.components.map((c) => [c.id, c]));
  const queue = [...chosen];
  while (queue.length > 0) {
    const component = byId.get(queue.pop() as string);
    if (!component) continue;
    const needs = [
      ...component.dependencies.map((d) => d.component),
      ...[...component.dataInputs, ...component.traits.flatMap((t) => t.dataInputs)]
        .map((d) => producers.get(d.from))
        .filter((id): id is string => id !== undefined),
    ];
    for (const id of needs) {
      if (chosen.has(id) || !byId.has(id)) continue;
      chosen.add(id);
      queue.push(id);
    }
  }
  return { ...app, components: app.components.filter((c) => chosen.has(c.id)) };
}
