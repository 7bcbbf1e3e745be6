/**
 * A reader gives $25 monthly by card: the pledge form sends them (a 303) to the hosted checkout (the local
 * Stripe of e2e/global-setup.ts), they pay and come back to a thank-you page that only reads; when Stripe's
 * signed webhook arrives the bar moves and the receipt mail arrives; a month later it renews; stopped from the
 * receipt's link, the next renewal is not charged.
 */
import { expect, test, type Locator, type Page } from './support/fixtures';
import { DEMO } from './support/accounts';
import { linkIn, mailsTo, waitForMail } from './support/pages/mailbox';
import { signIn } from './support/pages/signin';
import { renewSubscription, stripeOrigin } from './support/stripe';

const unique = () => Math.random().toString(36).slice(2, 8);

/** "$1,015.50" -> 101550 (cents). */
function cents(text: string | null): number {
  const m = /[\d,]+(?:\.\d{2})?/.exec(text ?? '');
  if (!m) throw new Error(`No amount in "${text}"`);
  return Math.round(Number(m[0].replace(/,/g, '')) * 100);
}

const received = async (scope: Locator) => cents(await scope.getByTestId('amount-received').first().textContent());

/** The campaign's page, fresh, and the received amount its bar shows. */
async function receivedOn(page: Page, slug: string): Promise<number> {
  await page.goto(`/support/${slug}`);
  return received(page.getByRole('region', { name: 'Progress' }));
}

test.describe('online payments', () => {
  test('a reader gives $25 monthly by card: checkout, thank-you, the bar moves when Stripe says paid, receipt, renewal, stop', async ({
    browser,
    asUser,
  }) => {
    // A campaign of its own, so that the other specs' pledges do not move this bar.
    const staff = await browser.newPage();
    await signIn(staff, DEMO.admin.email);
    await staff.goto('/admin/campaigns/new');
    const slug = `card-fund-${unique()}`;
    await staff.getByLabel('Title', { exact: true }).fill('Card Fund');
    await staff.getByLabel('Address').fill(slug);
    await staff.getByLabel('Goal', { exact: true }).fill('1000');
    await staff.getByLabel('Preset amounts').fill('10, 25, 50');
    await staff.getByRole('button', { name: 'Save campaign' }).click();
    await expect(staff.getByText('Campaign created.')).toBeVisible();
    await staff.close();

    const page = await asUser(null);
    expect(await receivedOn(page, slug)).toBe(0);
    const email = `card-${unique()}@example.com`;
    const form = page.getByRole('form', { name: 'Pledge to Card Fund' });
    await form.getByRole('radio', { name: '$25', exact: true }).check();
    await form.getByRole('radio', { name: 'Monthly' }).check();
    await form.getByLabel('Name on the donor wall').fill('Monthly Reader');
    await form.getByLabel('Email').fill(email);
    await form.getByRole('button', { name: 'Pay now by card' }).click();

    // Stripe's hosted page (here the local one): the amount and the address, and nothing paid yet.
    await expect(page).toHaveURL(new RegExp(`^${stripeOrigin()}/checkout/cs_test_`));
    await expect(page.getByRole('heading', { name: 'Pay Monthly gift to Card Fund' })).toBeVisible();
    await expect(page.getByText('25.00 USD per month')).toBeVisible();
    expect(await mailsTo(email)).toEqual([]);
    await page.getByRole('button', { name: 'Pay' }).click();

    // Back on the site: a thank-you that reads the status (the webhook may come a moment later).
    await expect(page).toHaveURL(/\/pledges\/paid\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { name: 'Thank you for your gift!' })).toBeVisible();
    await expect(page.getByRole('status')).toHaveText(/Your payment has been received|waiting for Stripe to confirm your payment/);

    // The webhook has come: the receipt, and the bar has moved on a fresh page load.
    const receipt = await waitForMail(email, /^Receipt: \$25\.00 to Card Fund/);
    expect(receipt.text).toMatch(/Paid: \$25\.00/);
    expect(receipt.text).toMatch(/Payment reference: in_test_/);
    expect(receipt.text).toMatch(/Your gift renews every month\. To stop it, open this link and confirm:/);
    expect(await receivedOn(page, slug)).toBe(2500);
    await expect(page.locator('main').getByText('Monthly Reader').first()).toBeVisible();

    // A month passes: Stripe charges the renewal; the bar and a second receipt follow.
    expect(await renewSubscription(email)).toBe(200);
    await expect.poll(async () => (await mailsTo(email)).filter((m) => /^Receipt/.test(m.subject)).length).toBe(2);
    expect(await receivedOn(page, slug)).toBe(5000);

    // Stop it from the receipt's link: a page that asks, a POST that works without JavaScript.
    const plain = await asUser(null, { javaScript: false });
    await plain.goto(linkIn(receipt, '/cancel'));
    await expect(plain.getByRole('heading', { name: 'Stop your monthly gift?' })).toBeVisible();
    await plain.getByRole('button', { name: 'Stop my monthly gift' }).click();
    await expect(plain.getByRole('heading', { name: 'This pledge is cancelled' })).toBeVisible();
    await waitForMail(email, /is stopped/);

    // The next month: Stripe has no active subscription to charge; the months paid stay on the bar.
    expect(await renewSubscription(email)).toBe(409);
    expect(await receivedOn(page, slug)).toBe(5000);
    expect((await mailsTo(email)).filter((m) => /^Receipt/.test(m.subject))).toHaveLength(2);
  });

  test('without JavaScript: the form posts, a 303 to the hosted checkout, paid, back to the thank-you; a one-time receipt', async ({
    asUser,
  }) => {
    const page = await asUser(null, { javaScript: false });
    await page.goto('/support');
    const email = `nojs-card-${unique()}@example.com`;
    const form = page.locator('#pledge-page-form');
    await form.getByLabel('Other amount (USD)').fill('12');
    await form.getByLabel('Email').fill(email);
    await form.getByRole('button', { name: 'Pay now by card' }).click();
    await expect(page).toHaveURL(new RegExp(`^${stripeOrigin()}/checkout/cs_test_`));
    await expect(page.getByText('12.00 USD', { exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByRole('heading', { name: 'Thank you for your gift!' })).toBeVisible();
    const receipt = await waitForMail(email, /^Receipt: \$12\.00/);
    expect(receipt.text).toMatch(/one-time gift: nothing more will be charged/);
    await page.reload();
    await expect(page.getByRole('status')).toHaveText(/Your payment has been received/);
  });
});
