// Runs in the browser before the app's own code (Next.js instrumentation-client).
// zod compiles object schemas with `new Function` when it may; to find out it tries one as soon as the first
// z.object() is built, and under our Content-Security-Policy (no 'unsafe-eval', lib/security-headers.ts)
// the browser reports that try as a violation even though zod catches it. jitless: no try, no report;
// the schemas used in forms are small, the interpreter is fast enough.
import { z } from 'zod';

z.config({ jitless: true });
