/**
 * `npm run user:create -- --email x@y --role admin [--name "Ada"] [--handle ada] [--password ...]`
 *
 * Creates a verified account with that role, or, when the address already has an account, sets its role
 * (and password, if given) and ends its sessions. Without --password a strong random one is generated
 * and printed once. Never reads standard input. Works on PGlite (DATA_DIR) or DATABASE_URL.
 */
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { closeDatabase, getDatabase } from '../client';
import { roleEnum, users, type Role } from '../schema';
import { hashPassword } from '../../lib/auth/password';
import { isCommonPassword } from '../../lib/auth/common-passwords';
import { PASSWORD_MIN, email as emailSchema, handle as handleSchema } from '../../lib/validation/auth';

const USAGE =
  'Usage: npm run user:create -- --email someone@example.org [--role reader|author|editor|moderator|admin] [--name "Name"] [--handle handle] [--password secret]';

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      email: { type: 'string' },
      role: { type: 'string', default: 'reader' },
      name: { type: 'string' },
      handle: { type: 'string' },
      password: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }).values;
} catch (err) {
  fail((err as Error).message);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const parsedEmail = emailSchema.safeParse(args.email ?? '');
if (!parsedEmail.success) fail(`--email: ${parsedEmail.error.issues[0]?.message ?? 'invalid'}`);
const email = parsedEmail.data;
const role = args.role as Role;
if (!(roleEnum.enumValues as readonly string[]).includes(role)) fail(`--role must be one of ${roleEnum.enumValues.join(', ')}.`);
if (args.password != null && (args.password.length < PASSWORD_MIN || isCommonPassword(args.password))) {
  fail(`--password must have at least ${PASSWORD_MIN} characters and not be a common password.`);
}
const generated = args.password == null ? randomBytes(15).toString('base64url') : null;
const password = args.password ?? generated!;

try {
  const database = await getDatabase();
  const db = database.db;
  const [existing] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`)
    .limit(1);
  if (existing && !existing.deletedAt) {
    const [row] = await db
      .update(users)
      .set({
        role,
        ...(args.password != null ? { passwordHash: await hashPassword(password) } : {}),
        emailVerified: existing.emailVerified ?? new Date(),
        sessionVersion: sql`${users.sessionVersion} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(users.id, existing.id))
      .returning();
    console.log(
      `Updated existing account ${row.email} (@${row.handle}): role ${existing.role} -> ${row.role}` +
        `${args.password != null ? ', password changed' : ', password unchanged'}; its sessions were ended.`,
    );
  } else {
    const base =
      (args.handle ?? email.split('@')[0])
        .replace(/[^a-zA-Z0-9_-]/g, '')
        .replace(/^-+/, '')
        .slice(0, 24) || 'user';
    let handle = base.length >= 3 ? base : `${base}___`.slice(0, 3);
    if (args.handle != null) {
      const h = handleSchema.safeParse(args.handle);
      if (!h.success) fail(`--handle: ${h.error.issues[0]?.message ?? 'invalid'}`);
      handle = h.data;
    }
    const taken = async (h: string) =>
      (
        await db
          .select({ id: users.id })
          .from(users)
          .where(sql`lower(${users.handle}) = ${h.toLowerCase()}`)
          .limit(1)
      ).length > 0;
    if (await taken(handle)) {
      if (args.handle != null) fail(`--handle: "${handle}" is taken.`);
      let i = 2;
      while (await taken(`${handle}${i}`)) i++;
      handle = `${handle}${i}`;
    }
    const [row] = await db
      .insert(users)
      .values({
        email,
        name: args.name?.trim() || handle,
        handle,
        role,
        passwordHash: await hashPassword(password),
        emailVerified: new Date(),
      })
      .returning();
    console.log(
      `Created ${row.role} account ${row.email} (@${row.handle}, "${row.name}") in ${database.kind === 'pglite' ? 'PGlite' : 'Postgres'}.`,
    );
    if (generated) console.log(`Password (shown once; change it after signing in): ${generated}`);
  }
} catch (err) {
  console.error('user:create failed:', (err as Error).message);
  process.exitCode = 1;
} finally {
  await closeDatabase();
}
