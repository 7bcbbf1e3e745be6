// Drops and re-creates the public schema of DATABASE_URL: only for test databases.
import postgres from 'postgres';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is not set');
if (!/test/i.test(new URL(url).pathname) && process.env.ALLOW_RESET !== '1') {
  throw new Error(`Refusing to reset ${new URL(url).pathname}: the database name must contain "test" (or set ALLOW_RESET=1).`);
}
const sql = postgres(url, { onnotice: () => {} });
await sql`drop schema if exists public cascade`;
await sql`drop schema if exists drizzle cascade`;
await sql`create schema public`;
await sql.end();
console.log('reset', new URL(url).pathname);
