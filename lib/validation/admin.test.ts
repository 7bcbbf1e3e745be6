import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  articleFormSchema,
  banFormSchema,
  categoryFormSchema,
  editCommentSchema,
  previewSchema,
  rejectCommentSchema,
  siteSettingsFormSchema,
  tagFormSchema,
  userSearchSchema,
} from './admin';
import { CONTROL_CHAR_MESSAGE } from './text';

const NUL = '\u0000';
const messages = (r: { success: boolean; error?: z.ZodError }) => (r.success ? [] : r.error!.issues.map((i) => i.message));

// Postgres refuses a NUL byte in text (22021): before, each of these reached the database and answered 500.
describe('newsroom forms refuse NUL and control characters with a message', () => {
  const article = { title: 'A title', bodySource: 'Body', commentsOpen: 'on' };
  it.each([
    ['article title', articleFormSchema, { ...article, title: `Tit${NUL}le` }],
    ['article body', articleFormSchema, { ...article, bodySource: `Body ${NUL}` }],
    ['article standfirst', articleFormSchema, { ...article, dek: `\u0007bell` }],
    ['article tags', articleFormSchema, { ...article, tags: `a,${NUL}b` }],
    ['feedback question', articleFormSchema, { ...article, fpId: ['f1'], fpQuote: ['q'], fpQuestion: [`why${NUL}`] }],
    ['category name', categoryFormSchema, { name: `Sec${NUL}tion` }],
    ['tag name', tagFormSchema, { id: 't1', name: `x${NUL}` }],
    ['ban reason', banFormSchema, { userId: 'u1', duration: '7', reason: `spam${NUL}` }],
    ['rejection reason', rejectCommentSchema, { id: '1', reason: `no${NUL}` }],
    ['edited comment', editCommentSchema, { id: '1', body: `hi${NUL}` }],
    [
      'payment instructions',
      siteSettingsFormSchema,
      {
        linkLimit: '2',
        editWindowMinutes: '15',
        maxReplyDepth: '4',
        commentIntervalSeconds: '10',
        newAccountDailyCap: '20',
        paymentInstructions: `IBAN${NUL}`,
        bannedWords: '',
        suspectWords: '',
      },
    ],
    [
      'banned words',
      siteSettingsFormSchema,
      {
        linkLimit: '2',
        editWindowMinutes: '15',
        maxReplyDepth: '4',
        commentIntervalSeconds: '10',
        newAccountDailyCap: '20',
        paymentInstructions: 'IBAN',
        bannedWords: `bad${NUL}word`,
        suspectWords: '',
      },
    ],
  ] as [string, z.ZodType, Record<string, unknown>][])('%s', (_name, schema, input) => {
    expect(messages(schema.safeParse(input))).toContain(CONTROL_CHAR_MESSAGE);
  });

  it('the live preview refuses them too', () => {
    expect(messages(previewSchema.safeParse(`# Title${NUL}`))).toContain(CONTROL_CHAR_MESSAGE);
  });

  it('tabs and newlines in an article body are still fine', () => {
    expect(articleFormSchema.safeParse({ ...article, bodySource: 'Line one\n\tindented\r\nline three' }).success).toBe(true);
  });

  it('a user search with a control character or an overlong query searches for nothing instead of throwing', () => {
    expect(userSearchSchema.parse({ q: `a${NUL}` }).q).toBe('');
    expect(userSearchSchema.parse({ q: 'x'.repeat(201) }).q).toBe('');
    expect(userSearchSchema.parse({ q: ' alice ' }).q).toBe('alice');
  });
});
