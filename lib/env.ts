import 'server-only';
import { z } from 'zod';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().url().optional(),
  /** A streaming-replication standby of DATABASE_URL for plain reads (db/client.ts replicaSetup). */
  DATABASE_REPLICA_URL: z.string().url().optional(),
  /** Redis/Valkey shared by several instances for cache-tag invalidations (lib/cache-handlers/tag-sync.mjs). */
  REDIS_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('.data'),
  SITE_URL: z.string().url().default('http://localhost:3000'),
  SITE_NAME: z.string().default('Broadsheet'),
  AUTH_SECRET: z.string().optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Broadsheet <newsroom@localhost>'),
  /** Comma-separated header names whose value is the client IP, set by a proxy you trust (e.g. x-real-ip). */
  TRUSTED_IP_HEADERS: z.string().default(''),
  /** Scheduled backups (lib/backup/schedule.ts): off unless this directory is set. */
  BACKUP_DIR: z.string().optional(),
  /** Hours between two scheduled backups. */
  BACKUP_INTERVAL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 366)
    .default(24),
  /** Scheduled backups kept in BACKUP_DIR; older ones are deleted after each new one. */
  BACKUP_KEEP: z.coerce.number().int().min(1).max(10_000).default(7),
  /** With S3 media: put the objects in scheduled backups too (otherwise only their list). */
  BACKUP_S3_OBJECTS: z.enum(['0', '1']).default('0'),
  AUTH_GITHUB_ID: z.string().optional(),
  AUTH_GITHUB_SECRET: z.string().optional(),
  AUTH_GOOGLE_ID: z.string().optional(),
  AUTH_GOOGLE_SECRET: z.string().optional(),
});

export type Env = z.infer<typeof schema>;

/** Parses an environment; a variable set to the empty string counts as unset (`DATABASE_URL= npm start`). */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) throw new Error(`Invalid environment:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

let cached: Env | undefined;
/** Environment, parsed once; an invalid value fails loudly at first use with the variable's name. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** SITE_URL without a trailing slash, read when the server runs (never baked in at build time). */
export function siteOrigin(): string {
  return env().SITE_URL.replace(/\/+$/, '');
}

export function siteUrl(path = ''): string {
  return new URL(path, env().SITE_URL).toString();
}
