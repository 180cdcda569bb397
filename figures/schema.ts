// The few JSON Schema pieces every answer and query is written with. Each is a literal
// type, so json-schema-to-ts's FromSchema reads the exact TypeScript type from it.
import type { JSONSchema } from 'json-schema-to-ts';

export const num = { type: 'number' } as const;
export const int = { type: 'integer' } as const;
export const str = { type: 'string' } as const;
export const bool = { type: 'boolean' } as const;
export const date = { type: 'string', format: 'date' } as const;

export const nullable = <const T extends 'number' | 'string' | 'integer'>(t: T) => ({ type: [t, 'null'] }) as const;

export const enumOf = <const T extends readonly string[]>(values: T) => ({ type: 'string', enum: values }) as const;

export const array = <const T extends JSONSchema>(items: T) => ({ type: 'array', items }) as const;

/** An object with every property required and nothing else: the shape of every answer. */
export function object<const P extends Record<string, JSONSchema>>(properties: P) {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties) as (keyof P & string)[],
    additionalProperties: false,
  } as const;
}
