/**
 * Accounts end to end: sign-up with emailed verification, sign-in, password change ending other sessions,
 * password reset by mail, account deletion, throttling, refused input, forms without JavaScript, profile,
 * settings, data export and the staff outbox. Every destructive step uses a freshly signed-up account.
 */
import { expect, test, type Browser } from './support/fixtures';
import { DEMO, newUser, RESERVED } from './support/accounts';
import { linkIn, mailsTo, waitForMail } from './support/pages/mailbox';
import { fillSignUp, signIn, signOut as signOutVia, signUp, trySignIn } from './support/pages/signin';
import { SEARCH_SLUG } from '../db/seed/fixtures';

/** Our form and page alerts (not Next's empty route announcer, which also has role="alert"). */
const ALERT = '[role="alert"]:not(#__next-route-announcer__)';

async function freshPage(browser: Browser, headers?: Record<string, string>) {
  const context = await browser.newContext({ extraHTTPHeaders: headers });
  return { context, page: await context.newPage() };
}

test('sign up, verify by mail, sign in; a password change signs the other browser out; reset by mail; delete', async ({ browser }) => {
  const u = newUser('journey');
  const a = await freshPage(browser);
  let b!: Awaited<ReturnType<typeof freshPage>>;
  let c!: Awaited<ReturnType<typeof freshPage>>;
  const resetPassword = 'saffron-glacier-violin-3';
  const anonymousArticle = async () => await (await fetch(new URL(`/article/${SEARCH_SLUG}`, c.page.url()))).text();

  await test.step('signs up and verifies the address by mail; the link works once', async () => {
    await signUp(a.page, u);
    const verify = linkIn(await waitForMail(u.email, /Verify your email/), '/verify-email/confirm');
    // A mail scanner that follows the link (a GET) uses nothing up: the page asks, its button confirms.
    for (let i = 0; i < 2; i++) expect((await a.page.request.get(verify)).status()).toBe(200);
    await a.page.goto(verify);
    await a.page.getByRole('button', { name: 'Confirm my email address' }).click();
    await expect(a.page.getByRole('status')).toContainText('Your email address is verified');
    await a.page.goto(verify);
    await expect(a.page.locator(ALERT)).toContainText('already been used');
  });

  await test.step('signs in, in two browsers', async () => {
    await signIn(a.page, u.email, u.password, '/account');
    await expect(a.page.getByRole('heading', { name: 'Your account' })).toBeVisible();
    await expect(a.page.getByText('Please verify your email address')).toHaveCount(0);

    // A second browser signs in to the same account.
    b = await freshPage(browser);
    await signIn(b.page, u.email, u.password, '/account');
    await expect(b.page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  });

  await test.step('a password change in browser A signs browser B out; the old password no longer works', async () => {
    // Browser A changes the password: A stays signed in, B is signed out at its next request.
    const newPassword = 'quartz-meadow-harbour-9';
    await a.page.goto('/account/security');
    const pwSection = a.page.getByRole('region', { name: 'Password' });
    await pwSection.getByLabel('Current password').fill(u.password);
    await pwSection.getByLabel('New password').fill(newPassword);
    await a.page.getByRole('button', { name: 'Change password' }).click();
    await expect(a.page.getByRole('status').filter({ hasText: 'password was changed' })).toBeVisible();
    await a.page.goto('/account');
    await expect(a.page.getByRole('heading', { name: 'Your account' })).toBeVisible();
    await b.page.goto('/account');
    await expect(b.page).toHaveURL(/\/signin\?next=%2Faccount/);
    await expect(b.page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();

    // The old password no longer works; the new one does.
    await trySignIn(b.page, u.email, u.password);
    await expect(b.page.locator(ALERT)).toHaveText('Wrong email or password.');
    await expect(b.page.getByLabel('Email', { exact: true })).toHaveValue(u.email);
  });

  await test.step('a mailed single-use reset link sets a new password and ends every session', async () => {
    c = await freshPage(browser);
    await c.page.goto('/forgot-password');
    await c.page.getByLabel('Email').fill(u.email);
    await c.page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(c.page.getByRole('status')).toContainText('a link to reset its password is on its way');
    const reset = linkIn(await waitForMail(u.email, /Reset your/), '/reset-password');
    await c.page.goto(reset);
    await c.page.getByLabel('New password').fill('short');
    await c.page.getByRole('button', { name: 'Set new password' }).click();
    await expect(c.page.locator(ALERT)).toContainText('Please correct the highlighted fields');
    await expect(c.page.getByText('Use at least 10 characters.')).toBeVisible();
    await c.page.getByLabel('New password').fill(resetPassword);
    await c.page.getByRole('button', { name: 'Set new password' }).click();
    await expect(c.page).toHaveURL(/\/signin\?reset=1/);
    await expect(c.page.getByRole('status')).toContainText('Your password was changed');
    await a.page.goto('/account');
    await expect(a.page).toHaveURL(/\/signin/);
    await c.page.goto(reset);
    await expect(c.page.locator(ALERT)).toContainText('already been used');

    await signIn(c.page, u.email, resetPassword, '/account');
    await expect(c.page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  });

  await test.step('their comment shows their name on the cached article page', async () => {
    // Their comment shows their name on the cached article page, for every anonymous reader.
    await c.page.goto(`/article/${SEARCH_SLUG}`);
    const commentForm = c.page.locator('form').filter({ has: c.page.getByLabel('Your comment', { exact: true }) });
    await commentForm.getByLabel('Your comment', { exact: true }).fill(`Signed ${u.handle}`);
    await commentForm.getByRole('button', { name: 'Post comment' }).click();
    await expect(c.page.getByRole('article', { name: `Comment by ${u.name}` })).toBeVisible();
    expect(await anonymousArticle()).toContain(`Comment by ${u.name}`);
  });

  await test.step('deleting the account: refused without the right password, then done for good', async () => {
    // Delete: refused without the right password, then done; the account can never sign in again.
    await c.page.goto('/account/data');
    await c.page.getByLabel('Current password').fill('not-my-password-at-all');
    await c.page.getByLabel('Type DELETE to confirm').fill('DELETE');
    await c.page.getByRole('button', { name: 'Delete my account' }).click();
    await expect(c.page.locator(ALERT)).toContainText('current password is not right');
    await expect(c.page.getByLabel('Type DELETE to confirm')).toHaveValue('DELETE');
    await c.page.getByLabel('Current password').fill(resetPassword);
    await c.page.getByRole('button', { name: 'Delete my account' }).click();
    await expect(c.page).toHaveURL(/\/signin\?deleted=1/);
    await expect(c.page.getByRole('status')).toContainText('Your account was deleted');
    await trySignIn(c.page, u.email, resetPassword);
    await expect(c.page.locator(ALERT)).toHaveText('Wrong email or password.');
    const profile = await c.page.request.get(`/u/${u.handle}`);
    expect(profile.status()).toBe(404);
    // The next anonymous request of the cached article shows "Deleted user" on their comment, not their name.
    const after = await anonymousArticle();
    expect(after).not.toContain(u.name);
    expect(after).toContain(`Signed ${u.handle}`);
    expect(after).toContain('Comment by Deleted user');
  });

  for (const x of [a, b, c]) await x.context.close();
});

test('wrong passwords slow the guessing client down with a clear message; the owner and other accounts still sign in', async ({
  browser,
  request,
}) => {
  const victim = newUser('victim');
  const other = newUser('other');
  const setup = await freshPage(browser);
  await signUp(setup.page, victim);
  await signUp(setup.page, other);
  await setup.context.close();

  // The owner signed in on their own browser once (no trusted IP header: the "unknown IP" every client shares).
  const owner = await freshPage(browser);
  await signIn(owner.page, victim.email, victim.password, '/account');
  await signOutVia(owner.page);

  // The attacker comes from its own address (the e2e server trusts X-Real-IP like a proxy header).
  const attacker = await freshPage(browser, { 'x-real-ip': '203.0.113.66' });
  for (let i = 1; i <= 3; i++) {
    await trySignIn(attacker.page, victim.email, `wrong-password-${i}`);
    await expect(attacker.page.locator(ALERT)).toHaveText('Wrong email or password.');
  }
  // Right away (the wait is short, so these come first): the HTTP sign-in endpoint refuses even the right
  // password from this client and says when to retry...
  const csrf = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const res = await request.post('/api/auth/callback/credentials', {
    form: { csrfToken: csrf.csrfToken, email: victim.email, password: victim.password },
    headers: { 'x-real-ip': '203.0.113.66' },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(429);
  expect(Number(res.headers()['retry-after'])).toBeGreaterThan(0);
  expect(Number(res.headers()['retry-after'])).toBeLessThanOrEqual(300);
  // ...and the form says how long to wait and where to reset the password.
  await trySignIn(attacker.page, victim.email, 'wrong-password-4');
  await expect(attacker.page.locator(ALERT)).toContainText(/Too many attempts\. Try again in \d+ seconds\./);
  await expect(attacker.page.locator(ALERT)).toContainText(/reset it by email/);
  await expect(attacker.page).toHaveURL(/\/signin/);

  // An unknown address gets the same answer as a wrong password.
  await trySignIn(attacker.page, `nobody-${Date.now()}@example.test`, 'whatever-password');
  await expect(attacker.page.locator(ALERT)).toHaveText('Wrong email or password.');

  // Another account signs in fine from the attacker's own address.
  await signIn(attacker.page, other.email, other.password, '/account');
  await expect(attacker.page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await attacker.context.close();

  // The same troll with no IP header at all (the unknown IP the owner also has) slows only clients it shares a count with...
  const troll = await freshPage(browser);
  for (let i = 1; i <= 5; i++) await trySignIn(troll.page, victim.email, `troll-guess-${i}`);
  await expect(troll.page.locator(ALERT)).toContainText('Too many attempts');
  await troll.context.close();
  // ...not the owner's own browser, nor the owner from their own address.
  await signIn(owner.page, victim.email, victim.password, '/account');
  await expect(owner.page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await owner.context.close();
  const home = await freshPage(browser, { 'x-real-ip': '198.51.100.23' });
  await signIn(home.page, victim.email, victim.password, '/account');
  await expect(home.page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await home.context.close();
});

test('a session cookie copied before sign-out is signed out too', async ({ browser }) => {
  const u = newUser('copied');
  const a = await freshPage(browser);
  await signUp(a.page, u);
  await signIn(a.page, u.email, u.password, '/account');
  const session = (await a.context.cookies()).filter((c) => c.name.includes('authjs.session-token'));
  expect(session.length).toBeGreaterThan(0);

  // Someone copies the cookie into another browser: it works, until the owner signs out.
  const thief = await browser.newContext();
  await thief.addCookies(session);
  const page = await thief.newPage();
  await page.goto('/account');
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();

  await signOutVia(a.page);
  await page.goto('/account');
  await expect(page).toHaveURL(/\/signin\?next=%2Faccount/);
  const exported = await page.request.get('/account/export');
  expect(exported.status()).toBe(401);
  await thief.close();
  await a.context.close();
});

test('refused sign-up input says what is wrong and keeps the other fields', async ({ page }) => {
  const u = newUser('bad');
  // A password that is the address's own name part.
  await fillSignUp(page, { ...u, email: 'lavender-fields@example.test', password: 'Lavender-Fields' });
  await expect(page.getByText('Must not be your email address, handle or name.')).toBeVisible();
  await expect(page.getByLabel('Display name')).toHaveValue(u.name);
  await expect(page.getByLabel('Handle')).toHaveValue(u.handle);
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');

  // Malformed address.
  await fillSignUp(page, { ...u, email: 'not-an-address' });
  await expect(page.getByText('Enter a valid email address')).toBeVisible();
  await expect(page.getByLabel('Email', { exact: true })).toHaveValue('not-an-address');
  await expect(page.getByLabel('Handle')).toHaveValue(u.handle);

  // Short and common passwords; the rule is shown beside the field.
  await fillSignUp(page, { ...u, password: 'short' });
  await expect(page.getByText('Use at least 10 characters.')).toBeVisible();
  await expect(page.getByText('At least 10 characters, and not a commonly used password.')).toBeVisible();
  await expect(page.getByLabel('Email', { exact: true })).toHaveValue(u.email);
  await fillSignUp(page, { ...u, password: 'password123' });
  await expect(page.getByText('That password is too common').first()).toBeVisible();
  await expect(page.getByLabel('Display name')).toHaveValue(u.name);

  // A handle someone has.
  await fillSignUp(page, { ...u, handle: 'Robin-Park' });
  await expect(page.getByText('That handle is taken.').first()).toBeVisible();
  await expect(page.getByLabel('Email', { exact: true })).toHaveValue(u.email);

  // Links that are garbled, or were never issued.
  await page.goto('/verify-email/confirm?token=this-token-was-never-issued-by-us');
  await expect(page.locator(ALERT)).toContainText('This link is not valid');
  await page.goto('/reset-password?token=this-token-was-never-issued-by-us');
  await expect(page.locator(ALERT)).toContainText('This link is not valid');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('sign-up and sign-in forms work as plain form posts', async ({ page }) => {
    const u = newUser('nojs');
    await fillSignUp(page, { ...u, password: 'short' });
    await expect(page.getByText('Use at least 10 characters.')).toBeVisible();
    await expect(page.getByLabel('Email', { exact: true })).toHaveValue(u.email);
    await expect(page.getByLabel('Handle')).toHaveValue(u.handle);
    await signUp(page, u);

    await trySignIn(page, u.email, 'not-the-password');
    await expect(page.locator(ALERT)).toHaveText('Wrong email or password.');
    await expect(page.getByLabel('Email', { exact: true })).toHaveValue(u.email);

    await page.goto('/signin?next=/account');
    await page.getByLabel('Email', { exact: true }).fill(u.email);
    await page.getByLabel('Password', { exact: true }).fill(u.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();

    // Account forms post without JavaScript too.
    await page.getByLabel('Display name').fill('Plain Form Poster');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.getByText('Your profile is saved.')).toBeVisible();
    await expect(page.getByLabel('Display name')).toHaveValue('Plain Form Poster');

    // The mailed verification link: opening it changes nothing, its button confirms (a plain form post).
    await page.goto(linkIn(await waitForMail(u.email, /Verify your email/), '/verify-email/confirm'));
    await page.goto('/account');
    await expect(page.getByText('Please verify your email address')).toBeVisible();
    await page.goBack();
    await page.getByRole('button', { name: 'Confirm my email address' }).click();
    await expect(page.getByRole('status')).toContainText('Your email address is verified');
    await page.goto('/account');
    await expect(page.getByText('Please verify your email address')).toHaveCount(0);
  });
});

// A tiny PNG (2x2 pixels) for the avatar upload.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

test.describe('avatar uploads', () => {
  // Bigger than the 5 MB avatar limit (app/account/avatar/route.ts).
  const BIG = Buffer.concat([PNG, Buffer.alloc(5.5 * 1024 * 1024)]);
  const SVG = Buffer.from(
    '<!-- x --><svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><script>alert(1)</script><rect width="8" height="8"/></svg>',
  );

  for (const js of [true, false]) {
    test(`a picture over 5 MB gets the size message and an SVG behind a comment is refused (${js ? 'with' : 'without'} JavaScript)`, async ({
      browser,
    }) => {
      const u = newUser(js ? 'bigjs' : 'bignojs');
      const setup = await freshPage(browser);
      await signUp(setup.page, u);
      await setup.context.close();
      const context = await browser.newContext({ javaScriptEnabled: js });
      const page = await context.newPage();
      await page.goto('/signin?next=/account');
      await page.getByLabel('Email', { exact: true }).fill(u.email);
      await page.getByLabel('Password', { exact: true }).fill(u.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();

      await page.getByLabel('Profile picture').setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: BIG });
      await page.getByRole('button', { name: 'Upload picture' }).click();
      await expect(page.getByText('profile pictures can be at most 5 MB').first()).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
      if (!js) {
        // Refused from its Content-Length, a plain form post still ends on the form with the message.
        await page
          .getByLabel('Profile picture')
          .setInputFiles({ name: 'huger.png', mimeType: 'image/png', buffer: Buffer.alloc(8 * 1024 * 1024) });
        await page.getByRole('button', { name: 'Upload picture' }).click();
        await expect(page.getByText('profile pictures can be at most 5 MB').first()).toBeVisible();
        await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
      }

      await page.getByLabel('Profile picture').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: SVG });
      await page.getByRole('button', { name: 'Upload picture' }).click();
      await expect(page.getByText('SVG and other non-raster files are refused').first()).toBeVisible();
      await page.goto(`/u/${u.handle}`);
      await expect(page.getByRole('main').locator('header img[src^="/media/avatars/"]')).toHaveCount(0);
      await context.close();
    });
  }
});

test('profile, avatar, public page, notification settings, export, sign out everywhere', async ({ browser }) => {
  const u = newUser('prof');
  const { context, page } = await freshPage(browser);
  const newEmail = `moved-${u.handle.toLowerCase()}@example.test`;
  await signUp(page, u);
  await signIn(page, u.email, u.password, '/account');
  await expect(page.getByText('Please verify your email address')).toBeVisible();

  await test.step('the profile is saved; a taken handle is refused, the rest kept; a picture is saved', async () => {
    await page.getByLabel('Display name').fill('Profile Person');
    await page.getByLabel('Short bio').fill('Reads the council minutes so you do not have to.');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.getByText('Your profile is saved.')).toBeVisible();

    // A taken handle is refused, the rest kept.
    await page.getByLabel('Handle').fill('robin-park');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.getByText('That handle is taken.').first()).toBeVisible();
    await expect(page.getByLabel('Short bio')).toHaveValue('Reads the council minutes so you do not have to.');

    await page.getByLabel('Profile picture').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('button', { name: 'Upload picture' }).click();
    await expect(page.getByText('Your new picture is saved.')).toBeVisible();
  });

  await test.step("the public profile page shows it; a seeded reader's lists their approved comments", async () => {
    await page.goto(`/u/${u.handle}`);
    await expect(page.getByRole('heading', { name: 'Profile Person' })).toBeVisible();
    await expect(page.getByText('Reads the council minutes')).toBeVisible();
    const avatar = page.getByRole('main').locator('header img');
    await expect(avatar).toHaveAttribute('src', /^\/media\/avatars\/.+\.webp$/);
    const img = await page.request.get((await avatar.getAttribute('src'))!);
    expect(img.headers()['content-type']).toBe('image/webp');
    expect((await page.request.get('/u/no-such-handle-anywhere')).status()).toBe(404);
    // A seeded reader's profile lists their approved comments, each linking to its article.
    const commenter = RESERVED.authCommenter;
    await page.goto(`/u/${commenter.handle}`);
    await expect(page.getByRole('heading', { name: commenter.name })).toBeVisible();
    await expect(page.getByRole('main').getByRole('listitem').first().getByRole('link')).toHaveAttribute(
      'href',
      /^\/article\/.+#comment-\d+$/,
    );
  });

  await test.step('notification preferences stick', async () => {
    await page.goto('/account/notifications');
    await page.getByLabel('Replies to my comments').uncheck();
    await page.getByRole('button', { name: 'Save notification settings' }).click();
    await expect(page.getByText('Your notification settings are saved.')).toBeVisible();
    await page.reload();
    await expect(page.getByLabel('Replies to my comments')).not.toBeChecked();
    await expect(page.getByLabel('Mentions of my @handle')).toBeChecked();
  });

  await test.step('the export is a JSON download of what we hold', async () => {
    const res = await page.request.get('/account/export');
    expect(res.status()).toBe(200);
    expect(res.headers()['content-disposition']).toContain('attachment');
    const data = await res.json();
    expect(data.profile).toMatchObject({ email: u.email, handle: u.handle, name: 'Profile Person' });
    expect(data.profile.notificationPreferences).toEqual({ subscribed: true, replies: false, mentions: true });
    expect(Array.isArray(data.comments) && Array.isArray(data.votes) && Array.isArray(data.pledges)).toBe(true);
  });

  await test.step('an email change goes to the new address and waits for its link', async () => {
    await page.goto('/account/security');
    const emailSection = page.getByRole('region', { name: 'Email address' });
    await emailSection.getByLabel('New email address').fill(newEmail);
    await emailSection.getByLabel('Current password').fill(u.password);
    await page.getByRole('button', { name: 'Send confirmation link' }).click();
    await expect(page.getByText(`We sent a confirmation link to ${newEmail}`)).toBeVisible();
    await page.goto(linkIn(await waitForMail(newEmail, /Confirm your new email/), '/verify-email/confirm'));
    await page.getByRole('button', { name: 'Confirm my email address' }).click();
    await expect(page.getByRole('status')).toContainText('Your new email address is confirmed');
    await waitForMail(u.email, /email address was changed/);
  });

  await test.step('sign out everywhere ends this session and any other', async () => {
    const other = await freshPage(browser);
    await signIn(other.page, newEmail, u.password, '/account');
    await page.goto('/account/security');
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect(page).toHaveURL(/\/signin/);
    await other.page.goto('/account');
    await expect(other.page).toHaveURL(/\/signin/);
    expect((await page.request.get('/account/export')).status()).toBe(401);
    await other.context.close();
  });

  await context.close();
});

test('sign-up with a registered address answers like a new one; the owner is mailed, nothing is created', async ({ browser }) => {
  const fresh = newUser('enum');
  const probe = newUser('probe');
  const a = await freshPage(browser);
  await fillSignUp(a.page, fresh);
  const freshAnswer = (await a.page.getByRole('status').textContent())!;
  const b = await freshPage(browser);
  await fillSignUp(b.page, { ...probe, email: DEMO.reader2.email.toUpperCase() });
  await expect(b.page.getByRole('status')).toBeVisible();
  const takenAnswer = (await b.page.getByRole('status').textContent())!;
  expect(takenAnswer.replace(DEMO.reader2.email, '<address>')).toBe(freshAnswer.replace(fresh.email, '<address>'));
  expect(new URL(b.page.url()).pathname).toBe(new URL(a.page.url()).pathname);
  await expect(b.page.locator(ALERT)).toHaveCount(0);
  const mail = await waitForMail(DEMO.reader2.email, /Someone tried to create/);
  expect(mail.text).toContain('/forgot-password');
  expect(mail.text).not.toContain('token=');
  // No account with the handle that was typed.
  expect((await b.page.request.get(`/u/${probe.handle}`)).status()).toBe(404);
  await a.context.close();
  await b.context.close();
});

test("editors and moderators cannot read the admin's reset link; the admin outbox keeps no mail bodies over SMTP", async ({ browser }) => {
  let resets = (await mailsTo(DEMO.admin.email)).filter((m) => /Reset your/.test(m.subject)).length;
  for (const who of [DEMO.editor, DEMO.moderator]) {
    const staff = await freshPage(browser);
    await signIn(staff.page, who.email, who.password, '/admin');
    await staff.page.goto('/forgot-password');
    await staff.page.getByLabel('Email', { exact: true }).fill(DEMO.admin.email);
    await staff.page.getByRole('button', { name: /reset/i }).click();
    await expect(staff.page.getByRole('status')).toContainText('is on its way');
    // The link is mailed after the answer: wait for this request's mail, not an earlier one.
    await expect.poll(async () => (await mailsTo(DEMO.admin.email)).filter((m) => /Reset your/.test(m.subject)).length).toBe(++resets);
    const mail = await waitForMail(DEMO.admin.email, /Reset your/);
    const token = new URL(linkIn(mail, '/reset-password?token=')).searchParams.get('token')!;
    await staff.page.goto('/admin');
    await expect(staff.page.getByRole('link', { name: 'Outbox' })).toHaveCount(0);
    // A real 404 status, not a "not found" page sent with 200.
    expect((await staff.page.goto(`/admin/outbox?to=${encodeURIComponent(DEMO.admin.email)}`))?.status()).toBe(404);
    await expect(staff.page.getByRole('heading', { name: 'Not in the newsroom' })).toBeVisible();
    await expect(staff.page.getByRole('heading', { name: 'Outbox' })).toHaveCount(0);
    for (let id = 1; id <= 3; id++) {
      expect((await staff.page.goto(`/admin/outbox/${id}`))?.status()).toBe(404);
      await expect(staff.page.getByRole('heading', { name: 'Not in the newsroom' })).toBeVisible();
      expect(await staff.page.content()).not.toContain(token);
    }
    await staff.context.close();

    // Even the admin finds only delivery records: the link went to the mailbox, nowhere else.
    const admin = await freshPage(browser);
    await signIn(admin.page, DEMO.admin.email, DEMO.admin.password, '/admin');
    await admin.page.goto(`/admin/outbox?to=${encodeURIComponent(DEMO.admin.email)}`);
    await expect(admin.page.getByRole('note')).toContainText('SMTP_URL');
    await admin.page
      .getByRole('link', { name: /Reset your/ })
      .first()
      .click();
    await expect(admin.page.getByText('Delivered over SMTP: the message itself is not kept.')).toBeVisible();
    expect(await admin.page.content()).not.toContain(token);
    await admin.context.close();
  }

  const reader = await freshPage(browser);
  await signIn(reader.page, DEMO.reader.email, DEMO.reader.password, '/');
  await reader.page.goto('/admin/outbox');
  await expect(reader.page.getByRole('heading', { name: 'Not for your account' })).toBeVisible();
  await reader.context.close();
});

test('magic link: a mailed single-use link signs in', async ({ browser }) => {
  const u = newUser('magic');
  const { context, page } = await freshPage(browser);
  await signUp(page, u);
  await page.goto('/signin?next=/account');
  await page.getByLabel('Email for a sign-in link').fill(u.email);
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await expect(page.getByRole('status')).toContainText('a sign-in link is on its way');
  const link = linkIn(await waitForMail(u.email, /Sign in to/), '/api/auth/callback/email');
  await page.goto(link);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  // Following the link proved the address.
  await expect(page.getByText('Please verify your email address')).toHaveCount(0);
  // Used once, it does not work again.
  const again = await freshPage(browser);
  await again.page.goto(link);
  await expect(again.page).toHaveURL(/\/signin\?error=Verification/);
  await expect(again.page.locator(ALERT)).toContainText('not valid any more');
  await again.context.close();
  await context.close();
});

test('an admin raising, lowering or banning a fresh user takes effect on that user’s next request', async ({ browser }) => {
  const u = newUser('staffer');
  const user = await freshPage(browser);
  await signUp(user.page, u);
  const admin = await freshPage(browser);
  await signIn(admin.page, DEMO.admin.email, DEMO.admin.password, '/admin');
  const openUser = async () => {
    await admin.page.goto(`/admin/users?q=${encodeURIComponent(u.handle)}`);
    await admin.page.getByRole('link', { name: `@${u.handle}` }).click();
    await expect(admin.page.getByRole('button', { name: 'Change role' })).toBeVisible();
  };
  const setRole = async (role: string) => {
    await openUser();
    await admin.page.locator('select#u-role').selectOption(role);
    await admin.page.getByRole('button', { name: 'Change role' }).click();
    await expect(admin.page.getByRole('status').first()).toBeVisible();
  };
  const staffLink = () => user.page.getByRole('navigation', { name: 'Your account' }).getByRole('link', { name: 'Admin', exact: true });

  await setRole('editor');
  await signIn(user.page, u.email, u.password, '/admin');
  await expect(staffLink()).toBeVisible();
  await expect(user.page.getByRole('heading', { name: 'Not for your account' })).toHaveCount(0);

  await setRole('reader');
  await user.page.goto('/admin');
  await expect(user.page).toHaveURL(/\/signin/);
  await signIn(user.page, u.email, u.password, '/account');
  await expect(staffLink()).toHaveCount(0);
  await user.page.goto('/admin');
  await expect(user.page.getByRole('heading', { name: 'Not for your account' })).toBeVisible();

  // A ban: the user is told why and until when on /account.
  await openUser();
  await admin.page.getByLabel('Reason for the ban (the user sees it)').fill('Repeated personal attacks');
  await admin.page.getByRole('button', { name: `Ban @${u.handle}` }).click();
  await expect(admin.page.getByRole('status').first()).toBeVisible();
  // The ban ended the user's session; signed in again, they can read and are told about the ban.
  await user.page.goto('/account');
  await expect(user.page).toHaveURL(/\/signin/);
  await signIn(user.page, u.email, u.password, '/account');
  await expect(user.page.locator(ALERT)).toContainText(/Your account is banned (until|permanently).*Repeated personal attacks/);
  await admin.context.close();
  await user.context.close();
});
