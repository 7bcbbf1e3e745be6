/** For tests of server actions: a form as a browser posts it, and where an action redirected to. */

/** FormData from fields; an array value becomes a repeated field (checkbox lists). */
export function formData(fields: Record<string, string | string[]>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) fd.append(k, x);
  return fd;
}

/** The address a server action redirected to (Next's redirect() throws); fails when it did not redirect. */
export async function redirectOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    const digest = (err as { digest?: string }).digest ?? '';
    if (digest.startsWith('NEXT_REDIRECT')) return digest.split(';')[2];
    throw err;
  }
  throw new Error('expected a redirect');
}
