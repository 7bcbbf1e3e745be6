/** WordPress authors (staff accounts, invited by mail), categories with their hierarchy, and tags. */
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { categories, tags, users } from '@/db/schema';
import { slugify } from '@/lib/dal/admin/text';
import { uniqueHandle } from '@/lib/dal/users';
import { checksum } from './comments';
import type { WpAuthor, WpCategory, WpTag } from './wordpress';
import { item, mapped, redirect, remember, type Context } from './wordpress-context';

async function importAuthor(tx: DbOrTx, c: Context, a: WpAuthor): Promise<void> {
  const label = { id: a.login, label: a.displayName || a.login };
  if (!a.login) return c.report.add('author', 'skipped', label, 'no login name');
  const sum = checksum(a);
  const known = await mapped(tx, c.site, 'author', a.login);
  if (known) return c.report.add('author', 'unchanged');
  const email = (a.email || `${slugify(a.login) || 'author'}@imported.invalid`).toLowerCase();
  const [existing] = await tx
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`)
    .limit(1);
  if (existing) {
    await remember(tx, c.site, 'author', a.login, existing.id, sum);
    c.report.add('author', 'updated');
    if (existing.role === 'reader')
      c.report.notes.push(
        `${email} already had a reader account here: their articles are credited to it, and its role stays "reader" (an admin can make it an author).`,
      );
    return;
  }
  const [u] = await tx
    .insert(users)
    .values({
      email,
      name: a.displayName || a.login,
      handle: await uniqueHandle(a.login, tx),
      role: 'author',
      passwordHash: null,
      emailVerified: a.email ? new Date() : null,
    })
    .returning({ id: users.id, handle: users.handle });
  await remember(tx, c.site, 'author', a.login, u.id, sum);
  await redirect(tx, `/author/${a.login}`, `/author/${u.handle}`);
  if (a.email) c.invites.set(email, { email, name: a.displayName || a.login, userId: u.id });
  c.report.add('author', 'created');
}

async function importCategory(tx: DbOrTx, c: Context, cat: WpCategory): Promise<void> {
  const label = { id: cat.slug, label: cat.name };
  const slug = slugify(cat.slug) || slugify(cat.name);
  if (!slug || !cat.name) return c.report.add('category', 'skipped', label, 'no name or slug');
  const parent = cat.parent ? await mapped(tx, c.site, 'category', cat.parent) : null;
  const sum = checksum(cat);
  const known = await mapped(tx, c.site, 'category', cat.slug);
  const values = { name: cat.name, description: cat.description, parentId: parent?.localId ?? null };
  if (known) {
    if (known.checksum === sum) return c.report.add('category', 'unchanged');
    await tx.update(categories).set(values).where(eq(categories.id, known.localId));
    await remember(tx, c.site, 'category', cat.slug, known.localId, sum);
    return c.report.add('category', 'updated');
  }
  const [existing] = await tx.select({ id: categories.id }).from(categories).where(eq(categories.slug, slug)).limit(1);
  const id =
    existing?.id ??
    (
      await tx
        .insert(categories)
        .values({ slug, ...values })
        .returning({ id: categories.id })
    )[0].id;
  await remember(tx, c.site, 'category', cat.slug, id, sum);
  await redirect(tx, `/category/${cat.slug}`, `/category/${slug}`);
  c.report.add('category', existing ? 'updated' : 'created');
}

async function importTag(tx: DbOrTx, c: Context, t: WpTag): Promise<void> {
  const slug = slugify(t.slug) || slugify(t.name);
  if (!slug || !t.name) return c.report.add('tag', 'skipped', { id: t.slug, label: t.name }, 'no name or slug');
  const known = await mapped(tx, c.site, 'tag', t.slug);
  if (known) return c.report.add('tag', 'unchanged');
  const [existing] = await tx.select({ id: tags.id }).from(tags).where(eq(tags.slug, slug)).limit(1);
  const id = existing?.id ?? (await tx.insert(tags).values({ slug, name: t.name }).returning({ id: tags.id }))[0].id;
  await remember(tx, c.site, 'tag', t.slug, id, checksum(t));
  await redirect(tx, `/tag/${t.slug}`, `/tag/${slug}`);
  c.report.add('tag', existing ? 'updated' : 'created');
}

/** Authors, then categories (parents first), then tags. */
export async function importTerms(outer: DbOrTx | null, c: Context, authors: WpAuthor[], catList: WpCategory[], tagsToDo: WpTag[]) {
  for (const a of authors) await item(outer, (tx) => importAuthor(tx, c, a));
  // Parents before children: a category whose parent comes later in the file waits for it.
  const pending = [...catList];
  for (let round = 0; pending.length && round < 50; round++) {
    for (const cat of [...pending]) {
      const parentDone = !cat.parent || !pending.some((x) => x.slug === cat.parent);
      if (!parentDone) continue;
      pending.splice(pending.indexOf(cat), 1);
      await item(outer, (tx) => importCategory(tx, c, cat));
    }
  }
  for (const cat of pending) c.report.add('category', 'skipped', { id: cat.slug, label: cat.name }, 'its parents form a loop');
  for (const t of tagsToDo) await item(outer, (tx) => importTag(tx, c, t));
}
