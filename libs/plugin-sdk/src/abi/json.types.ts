/** A value that survives the JSON boundary between host and sandbox unchanged. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A JSON Schema document (draft 2020-12 subset that ajv understands); kept loose on purpose. */
export type JsonSchema = { [key: string]: unknown };
