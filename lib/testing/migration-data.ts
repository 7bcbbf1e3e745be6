/**
 * The data statements (UPDATE, DELETE, INSERT, DO blocks) of a checked-in migration in db/migrations, for
 * tests that run a data migration by itself (in a rolled-back transaction, or twice to prove it idempotent)
 * against rows shaped as they were before it.
 */
import fs from 'node:fs';
import path from 'node:path';

export function migrationDataStatements(file: string): string[] {
  const text = fs.readFileSync(path.join(process.cwd(), 'db/migrations', file), 'utf8');
  return text
    .split('--> statement-breakpoint')
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => /^(UPDATE|DELETE|INSERT|DO)\b/i.test(s));
}
