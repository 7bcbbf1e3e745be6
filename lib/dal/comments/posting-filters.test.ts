/** The hold and duplicate rules against disguises, through postComment (rules in lib/comments/moderation.ts, normalize.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase } from '@/db/client';
import { makeArticle, makeUsers, relaxPostingRules, setSetting } from '@/lib/testing/comment-fixtures';
import { postComment } from './posting';

afterAll(() => closeDatabase());
beforeAll(relaxPostingRules);

describe('word filters against obfuscation', () => {
  beforeAll(async () => {
    await setSetting('bannedWords', ['slur', 'kill yourself']);
    await setSetting('suspectWords', ['scam', 'idiot']);
  });
  afterAll(async () => {
    await setSetting('bannedWords', ['slurword', 'kill yourself']);
    await setSetting('suspectWords', ['idiot', 'moron', 'scam', 'viagra', 'casino']);
  });

  const evasions: [string, string][] = [
    ['spaced letters', 'you are a s l u r'],
    ['dotted letters', 'you are a s.l.u.r'],
    ['zero-width space', 'you are a sl\u200bur'],
    ['zero-width joiner and soft hyphen', 'you are a s\u200dl\u00adur'],
    ['leetspeak', 'you are a 5lur'],
    ['Cyrillic lookalike', 'you are a \u0455lur'],
    ['fullwidth letters (as before)', 'you are a \uff53\uff4c\uff55\uff52'],
    ['combining accents', 'you are a s\u0301lu\u0308r'],
    ['Markdown split', 'you are a sl**ur**'],
    ['Markdown split inside', 'you are a s*l*ur'],
    ['trailing exclamation (as before; leetspeak must not read "!" as "i")', 'SLUR!'],
    ['phrase in leetspeak', 'k1ll y0urself'],
  ];
  for (const [name, body] of evasions) {
    it(`holds a banned word hidden by ${name}`, async () => {
      const [u] = await makeUsers(1);
      const article = await makeArticle();
      const r = await postComment(u, { articleId: article.id, body });
      expect(r.status).toBe('pending');
      expect(r.holdReason).toMatch(/banned list/);
    });
  }

  it('holds a suspect word in Cyrillic and names it', async () => {
    const [u] = await makeUsers(1);
    const article = await makeArticle();
    const r = await postComment(u, { articleId: article.id, body: 'what a \u0455\u0441\u0430m.' });
    expect(r.holdReason).toMatch(/needs review \(“scam”\)/);
  });

  it('still finds a banned word written in another script (as before: the lookalike map must not hide it)', async () => {
    await setSetting('bannedWords', ['slur', 'kill yourself', 'дурак']);
    try {
      const [u] = await makeUsers(1);
      const article = await makeArticle();
      expect((await postComment(u, { articleId: article.id, body: 'Ты ДУРАК.' })).holdReason).toMatch(/banned list/);
    } finally {
      await setSetting('bannedWords', ['slur', 'kill yourself']);
    }
  });

  it("lets innocent words that contain a banned word's letters through (Scunthorpe)", async () => {
    const [u] = await makeUsers(1);
    const article = await makeArticle();
    for (const body of [
      'The slurry pit overflowed',
      'She is lurking in the stacks',
      'Scampi and chips at the pier',
      'A scamper across the road',
      'Idiotic? No, idiosyncratic.',
      'Skill yourself up in the evening classes',
      'Café crème, naïve façade, Nguyễn Thị',
    ]) {
      const r = await postComment(u, { articleId: article.id, body });
      expect({ body, status: r.status, reason: r.holdReason }).toEqual({ body, status: 'approved', reason: null });
    }
  });
});

describe('duplicates against small disguises', () => {
  const disguises: [string, string][] = [
    ['zero-width characters', 'The mayor\u200b is\u200c lying'],
    ['changed case (as before)', 'THE MAYOR IS LYING'],
    ['extra spaces (as before)', '  The   mayor is\n\n lying '],
    ['a trailing dot', 'The mayor is lying.'],
    ['Markdown emphasis', 'The **mayor** is _lying_'],
  ];
  for (const [name, again] of disguises) {
    it(`refuses a re-post with ${name}`, async () => {
      const [u] = await makeUsers(1);
      const article = await makeArticle();
      await postComment(u, { articleId: article.id, body: 'The mayor is lying' });
      await expect(postComment(u, { articleId: article.id, body: again })).rejects.toThrow(/same comment/);
    });
  }
});

describe('link limit', () => {
  it('counts mailto: links, bare domains and paths toward the limit', async () => {
    const [u] = await makeUsers(1);
    const article = await makeArticle();
    const a = await postComment(u, {
      articleId: article.id,
      body: 'Write to [me](mailto:a@example.org), see example.com/x and www.example.net',
    });
    expect(a.status).toBe('pending');
    expect(a.holdReason).toMatch(/3 links \(more than 2\)/);
    const b = await postComment(u, { articleId: article.id, body: 'cheap-pills.biz cheap-pills.biz/buy and spam@cheap-pills.biz' });
    expect(b.holdReason).toMatch(/3 links/);
    const ok = await postComment(u, { articleId: article.id, body: 'Version 1.2.3 of the plan, e.g. page 4. See example.com' });
    expect(ok.status).toBe('approved');
  });
});
