/**
 * What a form gets back after a post (and what a post without JavaScript keeps for the page that follows, in
 * the flash cookie or a form_flashes row): only the fields the action's schema knows, each cut to that
 * field's own maximum length, never a secret. Whatever else a client posts (megabytes in a field, fields
 * the form does not have) is neither stored nor sent back. Pure: no server-only imports.
 */
import { z } from 'zod';
import { formObject } from './state';

/** Never echoed, whatever the schema says: a refused form asks for these again. */
const SECRETS = new Set(['password', 'currentPassword', 'newPassword']);

/** A field whose schema states no maximum length (a checkbox, a choice, a number) is echoed up to this. */
export const ECHO_FALLBACK_MAX = 200;

/** The typed values to echo: the schema's fields only, each at most its maximum length. */
export function echoValues(formData: FormData, schema: z.ZodType): Record<string, string> {
  const limits = fieldLimits(schema);
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(formObject(formData))) {
    if (typeof value !== 'string' || !limits.has(key) || SECRETS.has(key)) continue;
    values[key] = value.slice(0, limits.get(key) ?? ECHO_FALLBACK_MAX);
  }
  return values;
}

const cache = new WeakMap<z.ZodType, Map<string, number | null>>();

/** Each field of an object schema (behind pipes, transforms and defaults) with its maximum length, if it states one. */
export function fieldLimits(schema: z.ZodType): Map<string, number | null> {
  let limits = cache.get(schema);
  if (!limits) {
    const shape = shapeOf(schema);
    limits = new Map(Object.entries(shape ?? {}).map(([key, field]) => [key, maxLength(field)]));
    cache.set(schema, limits);
  }
  return limits;
}

function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | null {
  if (schema instanceof z.ZodObject) return schema.shape as Record<string, z.ZodType>;
  if (schema instanceof z.ZodPipe) return shapeOf(schema.in as z.ZodType);
  const inner = innerOf(schema);
  return inner ? shapeOf(inner) : null;
}

/** Optional, nullable, default, catch, readonly…: the schema they wrap. */
function innerOf(schema: z.ZodType): z.ZodType | null {
  const def = schema._zod.def as { innerType?: z.ZodType };
  return def.innerType ?? null;
}

/** The longest string the field accepts, or null when its schema does not say (the smallest limit along a pipe). */
function maxLength(schema: z.ZodType): number | null {
  if (schema instanceof z.ZodString) return schema.maxLength;
  if (schema instanceof z.ZodPipe) {
    const limits = [maxLength(schema.in as z.ZodType), maxLength(schema.out as z.ZodType)].filter((n): n is number => n !== null);
    return limits.length ? Math.min(...limits) : null;
  }
  if (schema instanceof z.ZodArray) return maxLength(schema.element as z.ZodType);
  if (schema instanceof z.ZodEnum) return Math.max(...schema.options.map((o) => String(o).length));
  if (schema instanceof z.ZodLiteral) return Math.max(...[...schema.values].map((v) => String(v).length));
  if (schema instanceof z.ZodUnion) {
    const limits = (schema.options as z.ZodType[]).map(maxLength);
    return limits.every((n) => n !== null) ? Math.max(...(limits as number[])) : null;
  }
  const inner = innerOf(schema);
  return inner ? maxLength(inner) : null;
}
