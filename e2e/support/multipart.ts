/** Replaces one field of a multipart form body (as the browser sent it) with `value` (no CR in it). */
export function replaceField(body: string, name: string, value: string): string {
  const re = new RegExp(`(name="${name.replace(/\$/g, '\\$')}"\\r\\n\\r\\n)[^\\r]*`);
  if (!re.test(body)) throw new Error(`no field ${name} in the form post`);
  return body.replace(re, (_m, head: string) => head + value);
}
