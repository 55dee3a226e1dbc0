import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { JsonSchema } from '@appmanager/plugin-sdk';
import { type ApplicationProblem } from '../../applications/domain/application-invalid.error.js';

/** Checks properties against a definition's JSON Schema, naming each problem at its path under `basePath`. */
export class PropertiesValidator {
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly compiled = new WeakMap<JsonSchema, ValidateFunction>();

  problems(schema: JsonSchema, properties: unknown, basePath: string): ApplicationProblem[] {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(schema, validate);
    }
    if (validate(properties)) return [];
    // `if`/`then`/`else` (a schema choosing a form, e.g. AppManager's workload or the native one) adds a
    // summary "must match then schema" after the chosen branch's own errors, which already say it all
    return (validate.errors ?? [])
      .filter((error) => error.keyword !== 'if')
      .map((error) => ({ path: basePath + pointerToPath(error), problem: describe(error) }));
  }
}

function pointerToPath(error: ErrorObject): string {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'additionalProperties') segments.push(String((error.params as { additionalProperty: string }).additionalProperty));
  if (error.keyword === 'required') segments.push(String((error.params as { missingProperty: string }).missingProperty));
  return segments.map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`)).join('');
}

function describe(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') return 'is not a property of this type';
  if (error.keyword === 'required') return 'is required';
  return error.message ?? `fails ${error.keyword}`;
}
