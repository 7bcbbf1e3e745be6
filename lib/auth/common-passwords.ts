import { COMMON_PASSWORDS_TEXT } from './common-passwords-list';

let set: Set<string> | undefined;
function list(): Set<string> {
  set ??= new Set(COMMON_PASSWORDS_TEXT.split(/\s+/).filter(Boolean));
  return set;
}

const SEQUENCES = [
  '0123456789012345678901234567890',
  '9876543210987654321098765432109',
  'abcdefghijklmnopqrstuvwxyz',
  'qwertyuiopasdfghjklzxcvbnm',
];

/** True for a password that appears in the list, or is a trivial variant of one. */
export function isCommonPassword(password: string): boolean {
  const p = password.trim().toLowerCase();
  if (list().has(p)) return true;
  if (/^(.)\1*$/.test(p)) return true;
  if (SEQUENCES.some((s) => s.includes(p))) return true;
  // "password123!" style: a listed word with digits/punctuation appended.
  const stem = p.replace(/[\d!@#$%^&*.?_-]+$/, '');
  if (stem.length >= 4 && stem !== p && list().has(stem)) return true;
  // The same short chunk repeated ("abcabcabcabc", "12121212").
  if (/^(.{1,4})\1+$/.test(p)) return true;
  return false;
}
