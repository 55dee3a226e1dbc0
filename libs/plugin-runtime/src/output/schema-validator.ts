import { Ajv, type ValidateFunction } from 'ajv';
import * as ajvFormats from 'ajv-formats';
import type { JsonSchema } from '@appmanager/plugin-sdk';

// ajv-formats is CommonJS (`exports.default = formatsPlugin`); under NodeNext the plug-in sits on `.default`.
const addFormats = ajvFormats.default as unknown as (ajv: Ajv) => Ajv;

/** Compiles each JSON Schema once (by identity) and reports the first problems in words. */
export class SchemaValidator {
  private readonly ajv = new Ajv({ allErrors: false, strict: false });
  private readonly compiled = new WeakMap<JsonSchema, ValidateFunction>();

  constructor() {
    addFormats(this.ajv);
  }

  /** Throws when the schema itself is not valid JSON Schema. */
  compile(schema: JsonSchema): ValidateFunction {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(schema, validate);
    }
    return validate;
  }

  /** undefined when valid, else e.g. `/resources/0/metadata must have required property 'name'`. */
  problems(schema: JsonSchema, value: unknown): string | undefined {
    const validate = this.compile(schema);
    if (validate(value)) return undefined;
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`).join('; ');
  }
}
