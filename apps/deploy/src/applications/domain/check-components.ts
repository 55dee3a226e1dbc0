import { type ApplicationProblem } from './application-invalid.error.js';
import { type ComponentSpec } from './application.model.js';

/**
 * Checks that hold for the component list as a whole: unique ids, unique traits per component,
 * dependencies that name a component of this application. Graph-level checks live in the DAG.
 */
export function checkComponents(components: ComponentSpec[], pathOf: (index: number) => string): ApplicationProblem[] {
  const problems: ApplicationProblem[] = [];
  const index = new Map<string, number>();
  components.forEach((c, i) => {
    const earlier = index.get(c.id);
    if (earlier !== undefined) problems.push({ path: pathOf(i), problem: `component "${c.id}" is already declared at ${pathOf(earlier)}` });
    else index.set(c.id, i);
    const traits = new Set<string>();
    c.traits.forEach((t, j) => {
      if (traits.has(t.type)) problems.push({ path: `${pathOf(i)}.traits[${j}]`, problem: `trait "${t.type}" appears twice on "${c.id}"` });
      traits.add(t.type);
    });
  });
  components.forEach((c, i) => {
    c.dependencies.forEach((d, j) => {
      if (!index.has(d.component)) {
        problems.push({ path: `${pathOf(i)}.dependencies[${j}].component`, problem: `no component "${d.component}" in this application` });
      }
    });
  });
  return problems;
}
