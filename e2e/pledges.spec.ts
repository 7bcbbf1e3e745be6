import { expect, test, type Locator, type Page } from './support/fixtures';
import { CLOSED_CAMPAIGN_SLUG, FEATURED_CAMPAIGN_SLUG, SEARCH_SLUG } from '../db/seed/fixtures';
import { DEMO } from './support/accounts';
import { linkIn, waitForMail } from './support/pages/mailbox';
import { signIn } from './support/pages/signin';

/** "$1,015" -> 101500 (cents). */
function cents(text: string | null): number {
  const m = /[\d,]+(?:\.\d{2})?/.exec(text ?? '');
  if (!m) throw new Error(`No amount in "${text}"`);
  return Math.round(Number(m[0].replace(/,/g, '')) * 100);
}

type Bar = { pledged: number; received: number; supporters: number; valueNow: number };

async function readBar(scope: Locator): Promise<Bar> {
  const valueNow = Number(await scope.getByRole('progressbar').first().getAttribute('aria-valuenow'));
  return {
    pledged: cents(await scope.getByTestId('amount-pledged').first().textContent()),
    received: cents(await scope.getByTestId('amount-received').first().textContent()),
    supporters: Number(((await scope.getByTestId('supporter-count').first().textContent()) ?? '').replace(/\D/g, '')),
    valueNow,
  };
}

const slotOf = (page: Page) => page.locator('#support-us');
const unique = () => Math.random().toString(36).slice(2, 8);

/** Opens the mailed double opt-in link and presses the confirm button (a plain form: works without JavaScript). */
async function confirmFromMail(page: Page, email: string, subject: RegExp): Promise<void> {
  const mail = await waitForMail(email, subject);
  await page.goto(linkIn(mail, '/pledges/confirm/'));
  await expect(page.getByRole('heading', { name: 'Confirm your pledge' })).toBeVisible();
  await page.getByRole('button', { name: 'Confirm my pledge' }).click();
  await expect(page.getByRole('heading', { name: 'Your pledge is confirmed' })).toBeVisible();
}

test.describe('pledges', () => {
  test('the article shows "Support us" above and below with an accessible goal bar', async ({ page }) => {
    await page.goto(`/article/${SEARCH_SLUG}`);
    const above = page.getByRole('complementary', { name: /Support us/ });
    await expect(above.getByRole('progressbar')).toBeVisible();
    await expect(above.getByRole('link', { name: 'Support', exact: true })).toBeVisible();
    const slot = slotOf(page);
    await expect(slot.getByRole('heading', { name: 'Support us' })).toBeVisible();
    const bar = slot.getByRole('progressbar');
    await expect(bar).toHaveAttribute('aria-valuemin', '0');
    await expect(bar).toHaveAttribute('aria-valuemax', '500000');
    await expect(bar).toHaveAttribute('aria-valuetext', /pledged of \$5,000 goal/);
    // Ticks at 0, half and the goal, and the two segments' amounts as text.
    for (const tick of ['$0', '$2,500', '$5,000']) await expect(slot.getByText(tick, { exact: true }).first()).toBeAttached();
    await expect(slot.getByText(/Received:/)).toBeVisible();
    await expect(slot.getByText(/Awaiting payment:/)).toBeVisible();
    await expect(slot.getByText(/\d+ days left/)).toBeVisible();
    // The compact bar in the footer.
    await expect(page.getByRole('contentinfo').getByRole('progressbar')).toBeAttached();
  });

  test('a guest pledges 25 USD from the article: it counts once confirmed by mail; its message waits for staff', async ({
    page,
    browser,
  }) => {
    await page.goto(`/article/${SEARCH_SLUG}`);
    const slot = slotOf(page);
    const before = await readBar(slot);
    await page
      .getByRole('complementary', { name: /Support us/ })
      .getByRole('link', { name: 'Support', exact: true })
      .click();

    const name = `Guest Gale ${unique()}`;
    const email = `guest-${unique()}@example.com`;
    await slot.getByRole('radio', { name: '$25', exact: true }).check();
    await slot.getByLabel('Name on the donor wall').fill(name);
    await slot.getByLabel('Public message (optional)').fill('For the courts reporter.');
    await slot.getByLabel('Email', { exact: true }).fill(email);
    // A double click still makes one pledge.
    await slot.getByRole('button', { name: 'Pledge' }).dblclick();

    await expect(page).toHaveURL(/\/pledges\/thanks$/);
    await expect(page.getByRole('heading', { name: 'Thank you for your pledge!' })).toBeVisible();
    await expect(page.getByText(/We have emailed a confirmation link to g\*\*\*@example\.com/)).toBeVisible();

    // Not confirmed yet: the bar has not moved and the name is not on the wall.
    await page.goto(`/article/${SEARCH_SLUG}`);
    const unconfirmed = await readBar(slotOf(page));
    expect(unconfirmed.pledged).toBe(before.pledged);
    expect(unconfirmed.supporters).toBe(before.supporters);
    await page.goto('/support');
    await expect(page.getByRole('list', { name: 'Donor wall' }).getByRole('listitem').filter({ hasText: name })).toHaveCount(0);

    const mail = await waitForMail(email, /Please confirm your pledge of \$25 to Reader Fund 2026/);
    expect(mail.text).toMatch(/IBAN/);
    expect(linkIn(mail, '/cancel')).toContain('/pledges/');
    await confirmFromMail(page, email, /Please confirm your pledge of \$25/);
    await expect(page.getByText(/It now counts toward the goal/)).toBeVisible();

    // Back on the article, its bar shows the new total.
    await page.goto(`/article/${SEARCH_SLUG}`);
    const again = await readBar(slotOf(page));
    expect(again.pledged - before.pledged).toBe(2500);
    expect(again.valueNow - before.valueNow).toBe(2500);
    expect(again.supporters - before.supporters).toBe(1);

    // On the wall, without its message until staff approve it.
    await page.goto('/support');
    const entry = page.getByRole('list', { name: 'Donor wall' }).getByRole('listitem').filter({ hasText: name });
    await expect(entry).toContainText('$25');
    await expect(entry).not.toContainText('For the courts reporter.');

    const staff = await browser.newContext();
    const admin = await staff.newPage();
    await signIn(admin, DEMO.admin.email);
    await admin.goto(`/admin/pledges?review=message&q=${encodeURIComponent(name)}`);
    await expect(admin.getByRole('list', { name: 'Pledges' }).getByRole('listitem').filter({ hasText: name })).toContainText(
      'message awaiting approval',
    );
    await admin.goto(`/admin/pledges?q=${encodeURIComponent(name)}`);
    const row = admin.getByRole('list', { name: 'Pledges' }).getByRole('listitem').filter({ hasText: name });
    await row.getByRole('button', { name: 'Publish message' }).click();
    await expect(row).toContainText('(published)');
    await staff.close();

    await page.goto('/support');
    await expect(page.getByRole('list', { name: 'Donor wall' }).getByRole('listitem').filter({ hasText: name })).toContainText(
      'For the courts reporter.',
    );
  });

  test('a 100,000 USD guest pledge moves nothing; confirmed it is held for review until an admin approves it', async ({
    page,
    browser,
  }) => {
    // A campaign of its own (the default review ceiling: 1,000), so the demo bar is left alone.
    const staff = await browser.newContext();
    const admin = await staff.newPage();
    await signIn(admin, DEMO.admin.email);
    await admin.goto('/admin/campaigns/new');
    const slug = `troll-watch-${unique()}`;
    await admin.getByLabel('Title', { exact: true }).fill('Troll Watch');
    await admin.getByLabel('Address').fill(slug);
    await admin.getByLabel('Goal', { exact: true }).fill('5000');
    await expect(admin.getByLabel('Review pledges above')).toHaveValue('1000');
    await admin.getByRole('button', { name: 'Save campaign' }).click();
    await expect(admin.getByText('Campaign created.')).toBeVisible();

    await page.goto(`/support/${slug}`);
    const before = await readBar(page.locator('main'));
    expect(before.pledged).toBe(0);
    const email = `whale-${unique()}@example.com`;
    const name = `Totally Real ${unique()}`;
    await page.getByLabel('Other amount (USD)').fill('100000');
    await page.getByLabel('Name on the donor wall').fill(name);
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Pledge' }).click();
    await expect(page.getByText(/being reviewed by our staff/)).toBeVisible();
    await page.goto(`/support/${slug}`);
    expect((await readBar(page.locator('main'))).pledged).toBe(0);

    await confirmFromMail(page, email, /Please confirm your pledge of \$100,000/);
    await expect(page.getByText(/being reviewed by our staff before it counts/)).toBeVisible();
    await page.goto(`/support/${slug}`);
    expect((await readBar(page.locator('main'))).pledged).toBe(0);

    await admin.goto(`/admin/pledges?review=held&q=${encodeURIComponent(name)}`);
    await expect(
      admin
        .getByRole('list', { name: 'Pledges' })
        .getByRole('listitem')
        .filter({ hasText: name })
        .getByText('held for review', { exact: true }),
    ).toBeVisible();
    await admin.goto(`/admin/pledges?q=${encodeURIComponent(name)}`);
    const row = admin.getByRole('list', { name: 'Pledges' }).getByRole('listitem').filter({ hasText: name });
    await row.getByRole('button', { name: 'Approve pledge' }).click();
    await expect(row.getByText('held for review', { exact: true })).toHaveCount(0);
    await staff.close();

    await page.goto(`/support/${slug}`);
    const after = await readBar(page.locator('main'));
    expect(after.pledged).toBe(10_000_000);
    expect(after.supporters).toBe(1);
  });

  test('a signed-in reader pledges with the account email, hides the amount; staff mark it received', async ({ page, browser }) => {
    await signIn(page, DEMO.reader2.email);
    await page.goto(`/article/${SEARCH_SLUG}`);
    const slot = slotOf(page);
    const before = await readBar(slot);
    await expect(slot.getByLabel('Email', { exact: true })).toHaveValue(DEMO.reader2.email);
    const name = `Reader Two ${unique()}`;
    await slot.getByRole('radio', { name: '$25', exact: true }).check();
    await slot.getByLabel('Name on the donor wall').fill(name);
    await slot.getByLabel('Hide the amount on the donor wall').check();
    await slot.getByRole('button', { name: 'Pledge' }).click();
    await expect(page.getByRole('heading', { name: 'Thank you for your pledge!' })).toBeVisible();
    // A verified account pledging with its own address counts at once.
    await page.goto('/support');
    const mid = await readBar(page.locator('main'));
    expect(mid.pledged - before.pledged).toBe(2500);
    await waitForMail(DEMO.reader2.email, /Thank you for your pledge of \$25/);

    const entry = page.getByRole('list', { name: 'Donor wall' }).getByRole('listitem').filter({ hasText: name });
    await expect(entry).toContainText('Amount private');
    await expect(entry).not.toContainText('$25');
    const receivedBefore = (await readBar(page.locator('main'))).received;

    // Staff, in their own browser session.
    const staff = await browser.newContext();
    const admin = await staff.newPage();
    await signIn(admin, DEMO.admin.email);
    await admin.goto(`/admin/pledges?q=${encodeURIComponent(name)}`);
    const row = admin.getByRole('list', { name: 'Pledges' }).getByRole('listitem').filter({ hasText: name });
    await expect(row).toHaveCount(1);
    await row.getByLabel('Note').fill('Bank transfer received');
    await row.getByRole('button', { name: 'Mark received' }).click();
    await expect(row.getByText('received', { exact: true })).toBeVisible();
    await expect(row.getByText('Note: Bank transfer received')).toBeVisible();

    // The CSV export has it, for staff only.
    const csv = await admin.request.get('/admin/pledges/export?status=received');
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const body = await csv.text();
    expect(body).toContain('pledge_id,number,created_at');
    expect(body).toContain(name);
    expect(body).toContain('Bank transfer received');
    await staff.close();
    expect((await page.request.get('/admin/pledges/export')).status()).toBe(403);

    await waitForMail(DEMO.reader2.email, /^Receipt: we received your \$25/);
    await page.goto('/support');
    const after = await readBar(page.locator('main'));
    expect(after.received - receivedBefore).toBe(2500);
    expect(after.pledged - mid.pledged).toBe(0);

    // The pledger sees it among their pledges.
    await page.goto('/pledges');
    await expect(page.getByText(/\$25 to Reader Fund 2026/).first()).toBeVisible();
  });

  test('bad input is refused with a clear message and keeps the other fields', async ({ page }) => {
    await page.goto(`/article/${SEARCH_SLUG}`);
    const slot = slotOf(page);
    const before = await readBar(slot);
    await slot.getByLabel('Other amount (USD)').fill('abc');
    await slot.getByLabel('Name on the donor wall').fill('Kept Name');
    await slot.getByLabel('Public message (optional)').fill('Kept message');
    await slot.getByLabel('Email', { exact: true }).fill('kept@example.com');
    await slot.getByRole('button', { name: 'Pledge' }).click();
    // With JavaScript the slot's form answers in place, keeping every field.
    const form = slot.getByRole('form', { name: 'Pledge to Reader Fund 2026' });
    await expect(form.getByRole('alert')).toContainText('amount');
    await expect(form.getByText('Enter the amount as a number, like 25 or 25.50.', { exact: true })).toBeVisible();
    await expect(form.getByLabel('Other amount (USD)')).toHaveValue('abc');
    await expect(form.getByLabel('Name on the donor wall')).toHaveValue('Kept Name');
    await expect(form.getByLabel('Public message (optional)')).toHaveValue('Kept message');
    await expect(form.getByLabel('Email', { exact: true })).toHaveValue('kept@example.com');

    await form.getByLabel('Other amount (USD)').fill('10.005');
    await form.getByLabel('Public message (optional)').fill(`<b>${'x'.repeat(600)}</b>`);
    await form.getByRole('button', { name: 'Pledge' }).click();
    await expect(form.getByText('Use at most two decimal places (cents), like 25.50.', { exact: true })).toBeVisible();
    await expect(form.getByText(/at most 500 characters/)).toBeVisible();
    await expect(form.getByLabel('Name on the donor wall')).toHaveValue('Kept Name');
    await expect(form.getByLabel('Other amount (USD)')).toHaveValue('10.005');

    await page.goto(`/article/${SEARCH_SLUG}`);
    expect((await readBar(slotOf(page))).pledged).toBe(before.pledged);
  });

  test('a closed campaign refuses pledges and still shows its final bar', async ({ page }) => {
    await page.goto(`/support/${CLOSED_CAMPAIGN_SLUG}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Election Desk 2025');
    await expect(page.getByText(/has ended and no longer takes pledges/)).toBeVisible();
    await expect(page.getByRole('progressbar').first()).toHaveAttribute('aria-valuenow', '29500');
    await expect(page.getByRole('button', { name: 'Pledge' })).toHaveCount(0);
    expect((await page.goto('/support/no-such-campaign'))?.status()).toBe(404);
  });

  test('the mail link cancels an unpaid pledge and the bar drops back', async ({ page }) => {
    await page.goto(`/support/${FEATURED_CAMPAIGN_SLUG}`);
    const email = `cancel-${unique()}@example.com`;
    await page.getByRole('radio', { name: '$10', exact: true }).check();
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Pledge' }).click();
    await expect(page.getByRole('heading', { name: 'Thank you for your pledge!' })).toBeVisible();
    // Each check reloads /support until the bar shows the change, for at most 15 s.
    await page.goto('/support');
    const unconfirmed = (await readBar(page.locator('main'))).pledged;
    await confirmFromMail(page, email, /Please confirm your pledge of \$10/);
    const pledgedNow = async () => {
      await page.goto('/support');
      return (await readBar(page.locator('main'))).pledged;
    };
    await expect.poll(pledgedNow, { timeout: 15_000 }).toBeGreaterThanOrEqual(unconfirmed + 1000);
    const withIt = await pledgedNow();
    const mail = await waitForMail(email, /Please confirm your pledge of \$10/);
    await page.goto(linkIn(mail, '/cancel'));
    await page.getByRole('button', { name: 'Cancel this pledge' }).click();
    await expect(page.getByRole('heading', { name: 'This pledge is cancelled' })).toBeVisible();
    await expect.poll(pledgedNow, { timeout: 15_000 }).toBe(withIt - 1000);
  });
});

test.describe('campaigns (staff)', () => {
  test('an admin creates a campaign with presets and an end date; it gets its own page and bar', async ({ page }) => {
    await signIn(page, DEMO.admin.email);
    await page.goto('/admin/campaigns/new');
    const slug = `night-desk-${unique()}`;
    await page.getByLabel('Title', { exact: true }).fill('Night Desk');
    await page.getByLabel('Address').fill(slug);
    await page.getByLabel('Description').fill('Pays for late-night court coverage.');
    await page.getByLabel('Goal', { exact: true }).fill('abc');
    await page.getByLabel('Preset amounts').fill('7, 15');
    await page.getByRole('button', { name: 'Save campaign' }).click();
    await expect(page.getByText('Enter the amount as a number, like 25 or 25.50.', { exact: true })).toBeVisible();
    await expect(page.getByLabel('Title', { exact: true })).toHaveValue('Night Desk');
    await page.getByLabel('Goal', { exact: true }).fill('1200');
    await page.getByLabel('Ends on').fill('2099-12-31');
    await page.getByRole('button', { name: 'Save campaign' }).click();
    await expect(page.getByText('Campaign created.')).toBeVisible();
    await expect(page.locator('main').getByRole('progressbar')).toHaveAttribute('aria-valuemax', '120000');

    await page.goto(`/support/${slug}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Night Desk');
    await expect(page.getByRole('radio', { name: '$7', exact: true })).toBeVisible();
    await expect(page.getByRole('radio', { name: '$15', exact: true })).toBeVisible();
    await expect(page.getByText('$1,200', { exact: true }).first()).toBeAttached();
  });

  test('readers cannot open the staff pages', async ({ page }) => {
    await signIn(page, DEMO.reader.email);
    for (const path of ['/admin/pledges', '/admin/campaigns']) {
      await page.goto(path);
      await expect(page.getByRole('button', { name: 'Mark received' })).toHaveCount(0);
      await expect(page.getByRole('link', { name: 'New campaign' })).toHaveCount(0);
      await expect(page.getByText(/Not for your account/).first()).toBeVisible();
    }
  });
});

test.describe('pledging without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the form posts; a replayed resubmission is the same pledge and never shows its secret link; the mailed link confirms', async ({
    page,
  }) => {
    await page.goto('/support');
    const before = await readBar(page.locator('main'));
    const email = `nojs-${unique()}@example.com`;
    const name = `No Script ${unique()}`;
    const fill = async () => {
      await page.getByRole('radio', { name: '$25', exact: true }).check();
      await page.getByLabel('Name on the donor wall').fill(name);
      await page.getByLabel('Email', { exact: true }).fill(email);
    };
    await fill();
    await page.getByRole('button', { name: 'Pledge' }).click();
    await expect(page.getByRole('heading', { name: 'Thank you for your pledge!' })).toBeVisible();
    await expect(page.getByText(/We have emailed a confirmation link to n\*\*\*@example\.com/)).toBeVisible();
    const mail = await waitForMail(email, /Please confirm your pledge of \$25/);
    const secrets = [linkIn(mail, '/cancel'), linkIn(mail, '/pledges/confirm/')].map((l) => new URL(l).pathname.split('/').filter(Boolean));
    const pledgeId = secrets[0][1];
    const tokens = [decodeURIComponent(secrets[0][2]), decodeURIComponent(secrets[1][3])];
    expect(tokens.every((t) => t.length >= 40)).toBe(true);
    expect(await page.content()).not.toContain(pledgeId);

    // Someone else at this computer goes back in the history and submits the same form again.
    await page.goBack();
    await fill();
    await page.getByRole('button', { name: 'Pledge' }).click();
    await expect(page.getByText('This pledge is already recorded; we mailed the link to n***@example.com.')).toBeVisible();
    const html = await page.content();
    for (const secret of [pledgeId, ...tokens, encodeURIComponent(tokens[0]), encodeURIComponent(tokens[1])])
      expect(html).not.toContain(secret);
    expect(html).not.toContain(email);
    await page.goto('/support');
    expect((await readBar(page.locator('main'))).pledged).toBe(before.pledged);

    // The addressee confirms from the mail, without JavaScript too.
    await confirmFromMail(page, email, /Please confirm your pledge of \$25/);
    await page.goto('/support');
    expect((await readBar(page.locator('main'))).pledged - before.pledged).toBe(2500);

    // And can cancel from the mail without JavaScript (the secret pages still send an Origin with their form).
    await page.goto(linkIn(mail, '/cancel'));
    await page.getByRole('button', { name: 'Cancel this pledge' }).click();
    await expect(page.getByRole('heading', { name: 'This pledge is cancelled' })).toBeVisible();
    await page.goto('/support');
    expect((await readBar(page.locator('main'))).pledged).toBe(before.pledged);
  });

  test('bad input is refused without JavaScript and the fields are kept', async ({ page }) => {
    await page.goto('/support');
    const name = `No Script ${unique()}`;
    await page.getByRole('radio', { name: '$25', exact: true }).check();
    await page.getByLabel('Name on the donor wall').fill(name);
    await page.getByLabel('Public message (optional)').fill('Typed without scripts');
    await page.getByLabel('Email', { exact: true }).fill('not-an-email');
    await page.getByRole('button', { name: 'Pledge' }).click();
    await expect(page.getByText('Enter a valid email address, like name@example.com.', { exact: true })).toBeVisible();
    await expect(page.getByLabel('Name on the donor wall')).toHaveValue(name);
    await expect(page.getByLabel('Public message (optional)')).toHaveValue('Typed without scripts');
    await expect(page.getByLabel('Email', { exact: true })).toHaveValue('not-an-email');
    await expect(page.getByRole('radio', { name: '$25', exact: true })).toBeChecked();
    // Corrected, it goes through.
    await page.getByLabel('Email', { exact: true }).fill(`nojs-fixed-${unique()}@example.com`);
    await page.getByRole('button', { name: 'Pledge' }).click();
    await expect(page.getByRole('heading', { name: 'Thank you for your pledge!' })).toBeVisible();
  });

  test('the article slot form works without JavaScript, and a refusal keeps what was typed', async ({ page }) => {
    await page.goto(`/article/${SEARCH_SLUG}`);
    const slot = slotOf(page);
    const email = `nojs-slot-${unique()}@example.com`;
    await slot.getByLabel('Other amount (USD)').fill('-5');
    await slot.getByLabel('Name on the donor wall').fill('Quiet Reader');
    await slot.getByLabel('Email', { exact: true }).fill(email);
    await slot.getByRole('button', { name: 'Pledge' }).click();
    // Refused: the campaign's pledge page, rendered per request, shows why with the fields as typed.
    await expect(page).toHaveURL(new RegExp(`/support/${FEATURED_CAMPAIGN_SLUG}`));
    await expect(page.getByText('The amount can’t be negative.', { exact: true })).toBeVisible();
    await expect(page.getByLabel('Other amount (USD)')).toHaveValue('-5');
    await expect(page.getByLabel('Name on the donor wall')).toHaveValue('Quiet Reader');
    await expect(page.getByLabel('Email', { exact: true })).toHaveValue(email);

    await page.getByLabel('Other amount (USD)').fill('12.50');
    await page.getByLabel('Give anonymously').check();
    await page.getByRole('button', { name: 'Pledge' }).click();
    await expect(page.getByRole('heading', { name: 'Thank you for your pledge!' })).toBeVisible();
    await expect(page.getByText(/We have emailed a confirmation link to n\*\*\*@example\.com/)).toBeVisible();
    const mail = await waitForMail(email, /Please confirm your pledge of \$12\.50/);
    expect(mail.text).toContain('Shown on the donor wall as: Anonymous');
  });
});
