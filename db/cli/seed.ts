/**
 * `npm run db:seed`: migrates and seeds the database (PGlite under DATA_DIR, or DATABASE_URL), renders
 * missing cover images into DATA_DIR/media/covers, and prints the demo accounts. Safe to run again.
 * `npm run db:seed -- --bench` also inserts the benchmark's 10,000-comment thread (`npm run bench` does).
 */
import { closeDatabase, dataDir, getDatabase } from '../client';
import { DEMO_ACCOUNTS, seed, seedCounts } from '../seed';

const started = performance.now();
try {
  const database = await getDatabase();
  const result = await seed(database.db, { log: (m) => console.log(`  ${m}`), bigThread: process.argv.includes('--bench') });
  const totals = await seedCounts(database.db);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    `\nSeeded ${database.kind === 'pglite' ? `PGlite in ${dataDir()}` : 'Postgres (DATABASE_URL)'} in ${s(performance.now() - started)}` +
      ` (seed ${s(result.durationMs)}, 10,000-comment thread ${s(result.bigThreadMs)}, covers ${s(result.coversMs)}).`,
  );
  console.log(
    `Created: ${Object.entries(result.created)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}.`,
  );
  console.log(
    `Totals: ${Object.entries(totals)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}.\n`,
  );
  const width = Math.max(...DEMO_ACCOUNTS.map((a) => a.email.length));
  console.log(`Demo accounts (password for all: ${DEMO_ACCOUNTS[0].password})`);
  console.log(`  ${'email'.padEnd(width)}  role`);
  for (const a of DEMO_ACCOUNTS) console.log(`  ${a.email.padEnd(width)}  ${a.role}`);
} catch (err) {
  console.error('Seed failed:', err);
  process.exitCode = 1;
} finally {
  await closeDatabase();
}
