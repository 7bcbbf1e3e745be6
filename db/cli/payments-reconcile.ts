/**
 * `npm run payments:reconcile -- [--days 30]`: compares what Stripe recorded in the last days (Checkout
 * payments, paid invoices, refunds) with the payments table and prints the differences. Exit status 1 when
 * there are some (for a scheduled check), 0 when none. Reads only. On PGlite stop the app first: one process
 * at a time opens the data directory.
 */
import { parseArgs } from 'node:util';
import { closeDatabase } from '../client';
import { reconcilePayments } from '../../lib/dal/payments/reconcile';
import { getPaymentProvider } from '../../lib/payments';

const USAGE = 'Usage: npm run payments:reconcile -- [--days 30]';
const { values } = parseArgs({ options: { days: { type: 'string', default: '30' }, help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const days = Number(values.days);
if (!Number.isInteger(days) || days < 1 || days > 366) {
  console.error(`--days must be a whole number from 1 to 366.\n${USAGE}`);
  process.exit(2);
}
const provider = await getPaymentProvider();
if (!provider) {
  console.error('Online payments are not configured (STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET): nothing to reconcile.');
  process.exit(2);
}
const since = new Date(Date.now() - days * 86_400_000);
const { checked, differences } = await reconcilePayments(provider, since).catch((err: Error) => {
  console.error(`Could not list the payments at ${provider.name}: ${err.message}`);
  process.exit(2);
});
console.log(`Compared ${checked} ${provider.name} payments since ${since.toISOString().slice(0, 10)} with the database.`);
for (const d of differences) console.log(`- ${d.ref}: ${d.problem}`);
console.log(differences.length ? `${differences.length} difference(s).` : 'No differences.');
await closeDatabase();
process.exit(differences.length ? 1 : 0);
