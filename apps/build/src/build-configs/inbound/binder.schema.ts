import { z } from 'zod';

const componentType = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'expected an AppManager component type, e.g. K8S_MICROSERVICE');
const componentName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9@._-]{0,127}$/, 'expected a component name');

/** AppManager's ComponentBinder as its build files give it (type, name, version, branch, options, params, traits, dependencies). */
export const binderSchema = z.object({
  componentType,
  componentName,
  version: z.string().min(1).max(128).optional(),
  branch: z.string().min(1).max(255).optional(),
  options: z.record(z.string(), z.unknown()).default({}),
  parameterValues: z.array(z.unknown()).optional(),
  traits: z.array(z.unknown()).optional(),
  dependencies: z.array(z.unknown()).optional(),
});

/** The same as a PUT body (type and name come from the path), AppManager's own field names accepted (`params`). */
export const binderInputSchema = z.preprocess(
  (raw) => {
    if (raw && typeof raw === 'object' && 'params' in raw && !('parameterValues' in raw)) {
      const { params, ...rest } = raw as Record<string, unknown>;
      return { ...rest, parameterValues: params };
    }
    return raw;
  },
  binderSchema.partial({ componentType: true, componentName: true }),
);

export const binderPathSchema = { componentType, componentName };
