/**
 * zod for the validation modules. In the browser it runs without its JIT: zod would otherwise probe
 * `new Function` when the first object schema is built, and under our Content-Security-Policy (no
 * 'unsafe-eval', lib/security-headers.ts) the browser reports that probe as a violation even though zod
 * catches it. Set here, where schemas are defined, rather than in instrumentation-client.ts, so zod is only
 * in the JavaScript of pages whose forms use it (not in every page, nor for an article's reader).
 */
import { z } from 'zod';

if (typeof window !== 'undefined') z.config({ jitless: true });

export { z };

/** A zod failure as the forms show it (zod's own flattening): each field's messages under its name, `form` for the whole form's. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const { formErrors, fieldErrors } = z.flattenError(error);
  return formErrors.length ? { ...(fieldErrors as Record<string, string[]>), form: formErrors } : (fieldErrors as Record<string, string[]>);
}
