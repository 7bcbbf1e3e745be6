/**
 * Building blocks for free-text fields. Postgres `text` cannot store a NUL byte (the insert fails with
 * 22021 and the user would see a 500), and other C0 control characters are never typed by a person:
 * every text field refuses them with a message instead. Tab, newline and carriage return stay allowed.
 */
import { z } from './zod';

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export const CONTROL_CHAR_MESSAGE = 'This text contains invisible control characters (such as a NUL byte). Remove them and try again.';

/** True when `s` holds a character no text field accepts. */
export const hasControlChars = (s: string) => CONTROL.test(s);

/** A string field that refuses NUL and other control characters; chain `.trim()`, `.min()`, … as usual. */
export function text(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).refine((s) => !CONTROL.test(s), { message: CONTROL_CHAR_MESSAGE, abort: true });
}
