import { expect, test } from './support/fixtures';
import { RESERVED, stamp } from './support/accounts';
import { commentArticle, commentForm as articleForm, respondPanel } from './support/pages/comments';
import { linkIn, waitForMail } from './support/pages/mailbox';

// The whole comment journey of a reader whose browser runs no JavaScript. Every step ends on a full page that
// says what happened. This article is written on by this spec only.
const SLUG = 'why-the-potholes-on-harbour-road-keep-coming-back';

// Generated readers that no other spec signs in as: each posts at most once here, so the per-user posting
// interval never refuses a step (and the test never waits for it).
const { writer: WRITER, held: HELD, replier: REPLIER } = RESERVED.nojs;

test.describe('comments without JavaScript', () => {
  test.setTimeout(240_000);

  test('post, refused and held posts, subscribe, reply, vote up, down and withdraw, edit, delete, report, unsubscribe', async ({
    asUser,
  }) => {
    const k = stamp();
    const writer = await asUser(WRITER, { javaScript: false, next: `/article/${SLUG}` });
    await writer.goto(`/article/${SLUG}`);

    // An empty comment is refused on a full page that says why.
    await articleForm(writer).getByRole('button', { name: 'Post comment' }).click();
    await expect(writer).toHaveURL(new RegExp(`/article/${SLUG}/respond#respond$`));
    await expect(writer.getByRole('heading', { name: 'Join the conversation' })).toBeVisible();
    await expect(articleForm(writer).getByRole('alert')).toContainText(/write something|empty|required/i);

    // An over-long one is refused too, and the text the reader typed is still there.
    const long = `Too long ${k} ${'x'.repeat(10_010)}`;
    await articleForm(writer).getByLabel('Your comment', { exact: true }).fill(long);
    await articleForm(writer).getByRole('button', { name: 'Post comment' }).click();
    await expect(articleForm(writer).getByRole('alert')).toContainText('at most 10,000 characters');
    await expect(articleForm(writer).getByLabel('Your comment', { exact: true })).toHaveValue(long);

    // A good one is posted and shown in the thread.
    const text = `A plain comment ${k}`;
    await articleForm(writer).getByLabel('Your comment', { exact: true }).fill(text);
    await articleForm(writer).getByRole('button', { name: 'Post comment' }).click();
    await expect(writer).toHaveURL(new RegExp(`/article/${SLUG}#comment-\\d+$`));
    const mineId = /#comment-(\d+)$/.exec(writer.url())![1];
    await expect(commentArticle(writer, mineId)).toContainText(text);

    // A comment held for review says so, with the reason, and the author finds it among their held comments.
    const held = await asUser(HELD, { javaScript: false, next: `/article/${SLUG}` });
    await held.goto(`/article/${SLUG}`);
    const heldText = `Honestly this looks like a scam to me ${k}`;
    await articleForm(held).getByLabel('Your comment', { exact: true }).fill(heldText);
    await articleForm(held).getByRole('button', { name: 'Post comment' }).click();
    await expect(held).toHaveURL(new RegExp(`/article/${SLUG}/respond#respond$`));
    await expect(articleForm(held).getByRole('status')).toContainText(/held for review: .*scam/i);
    await expect(articleForm(held).getByLabel('Your comment', { exact: true })).toHaveValue('');
    await expect(held.getByRole('region', { name: 'Your comments awaiting review' })).toContainText(heldText);

    // Notify me of all new comments: the choice is saved and said on a full page.
    await held.goto(`/article/${SLUG}`);
    await held.getByLabel('Notify me of').selectOption('all');
    await held.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(held).toHaveURL(new RegExp(`/article/${SLUG}/respond#notify$`));
    await expect(held.getByRole('status').filter({ hasText: 'You will get an email about new comments on this article.' })).toBeVisible();
    await expect(held.getByLabel('Notify me of')).toHaveValue('all');

    // Reply from the comment's own page: an empty reply is refused on that page, then a real one is posted.
    const replier = await asUser(REPLIER, { javaScript: false, next: `/article/${SLUG}` });
    await replier.goto(`/article/${SLUG}`);
    await commentArticle(replier, mineId).getByRole('link', { name: 'Reply' }).click();
    await expect(replier).toHaveURL(new RegExp(`/comments/${mineId}#respond$`));
    const replyForm = respondPanel(replier)
      .locator('form')
      .filter({ has: replier.getByRole('button', { name: 'Post reply' }) });
    await replyForm.getByRole('button', { name: 'Post reply' }).click();
    await expect(replier).toHaveURL(new RegExp(`/comments/${mineId}#respond$`));
    await expect(replyForm.getByRole('alert')).toBeVisible();
    const replyText = `A plain reply ${k}`;
    await replyForm.getByRole('textbox').fill(replyText);
    await replyForm.getByRole('button', { name: 'Post reply' }).click();
    await expect(replier).toHaveURL(/\/comments\/\d+#comment-\d+$/);
    const replyId = /#comment-(\d+)$/.exec(replier.url())![1];
    await expect(commentArticle(replier, replyId)).toContainText(replyText);

    // Vote on the writer's comment: up, then down instead, then withdraw; the page shows the vote each time.
    await replier.goto(`/article/${SLUG}/comments/${mineId}`);
    const panel = respondPanel(replier);
    const up = panel.getByRole('button', { name: 'Upvote' });
    const down = panel.getByRole('button', { name: 'Downvote' });
    await expect(panel.getByTestId('score')).toHaveText('0');
    await up.click();
    await expect(panel.getByTestId('score')).toHaveText('1');
    await expect(up).toHaveAttribute('aria-pressed', 'true');
    await expect(down).toHaveAttribute('aria-pressed', 'false');
    await down.click();
    await expect(panel.getByTestId('score')).toHaveText('-1');
    await expect(up).toHaveAttribute('aria-pressed', 'false');
    await expect(down).toHaveAttribute('aria-pressed', 'true');
    await down.click();
    await expect(panel.getByTestId('score')).toHaveText('0');
    await expect(up).toHaveAttribute('aria-pressed', 'false');
    await expect(down).toHaveAttribute('aria-pressed', 'false');

    // The writer edits their comment on its page (no vote on their own comment there).
    await writer.goto(`/article/${SLUG}/comments/${mineId}`);
    await expect(respondPanel(writer).getByRole('button', { name: 'Upvote' })).toBeDisabled();
    await respondPanel(writer).getByLabel('Edit your comment').fill(`${text}, edited`);
    await respondPanel(writer).getByRole('button', { name: 'Save edit' }).click();
    await expect(respondPanel(writer).getByRole('status')).toHaveText('Saved.');
    await expect(commentArticle(writer, mineId).locator('.prose-comment')).toHaveText(`${text}, edited`);
    await expect(commentArticle(writer, mineId).getByText('(edited)')).toBeVisible();

    // The replier still has the comment's page open when the writer deletes it: their vote is refused, visibly.
    await replier.reload();
    await respondPanel(writer).getByRole('button', { name: 'Delete this comment' }).click();
    await expect(commentArticle(writer, mineId)).toContainText('Comment deleted');
    await expect(respondPanel(writer)).toContainText('This comment was deleted.');
    await respondPanel(replier).getByRole('button', { name: 'Upvote' }).click();
    await expect(respondPanel(replier).getByRole('alert')).toContainText('not available for voting');

    // Report the reply, with a reason.
    await held.goto(`/article/${SLUG}/comments/${replyId}`);
    await respondPanel(held).getByText('Report', { exact: true }).click();
    await respondPanel(held).getByLabel('Reason').selectOption('off-topic');
    await respondPanel(held).getByRole('button', { name: 'Send report' }).click();
    await expect(respondPanel(held).getByRole('status')).toContainText('A moderator will look at it');

    // The mail about the reply carries an unsubscribe link: one button, and a page that says it is done.
    const mail = await waitForMail(HELD, /new comments? on “Why the potholes/i, 30_000);
    expect(mail.text).toContain(replyText);
    await held.goto(linkIn(mail, '/unsubscribe/'));
    await held.getByRole('button', { name: 'Unsubscribe' }).click();
    await expect(held.getByRole('heading', { name: 'Unsubscribe' })).toBeVisible();
    await expect(held.getByRole('status')).toContainText('You are unsubscribed: no more emails about comments on “Why the potholes');
    await held.goto(`/article/${SLUG}/respond`);
    await expect(held.getByLabel('Notify me of')).toHaveValue('none');

    // Notify me of replies, then of nothing, from the form itself.
    await held.getByLabel('Notify me of').selectOption('replies');
    await held.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(
      held.getByRole('status').filter({ hasText: 'You will get an email when someone replies to your comments here.' }),
    ).toBeVisible();
    await expect(held.getByLabel('Notify me of')).toHaveValue('replies');
    await held.getByLabel('Notify me of').selectOption('none');
    await held.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(held.getByRole('status').filter({ hasText: 'You will not get emails about this article.' })).toBeVisible();
    await expect(held.getByLabel('Notify me of')).toHaveValue('none');

    for (const p of [writer, held, replier]) await p.context().close();
  });
});
