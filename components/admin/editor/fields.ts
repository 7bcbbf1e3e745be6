/**
 * The article editor's data: the article as the page hands it over, what the form offers, the fields the
 * form keeps in state, and how a field's error is wired to its input (aria-invalid, aria-describedby).
 */
import type { PickerItem } from '../media-picker';
import type { Point } from './feedback-points';

export type EditorArticle = {
  id: string;
  version: number;
  title: string;
  slug: string;
  dek: string;
  bodySource: string;
  coverImage: string;
  coverAlt: string;
  categoryId: string;
  tags: string;
  authorIds: string[];
  seoTitle: string;
  seoDescription: string;
  commentsOpen: boolean;
  status: 'draft' | 'scheduled' | 'published' | 'archived';
  publishedAt: string | null;
  submittedAt: string | null;
  feedbackPoints: Point[];
  editable: boolean;
};

export type EditorOptions = {
  canPublish: boolean;
  canChooseAuthors: boolean;
  canCreateTags: boolean;
  categories: { id: string; name: string }[];
  authors: { id: string; name: string }[];
  media: PickerItem[];
};

export const EMPTY_ARTICLE: EditorArticle = {
  id: '',
  version: 0,
  title: '',
  slug: '',
  dek: '',
  bodySource: '',
  coverImage: '',
  coverAlt: '',
  categoryId: '',
  tags: '',
  authorIds: [],
  seoTitle: '',
  seoDescription: '',
  commentsOpen: true,
  status: 'draft',
  publishedAt: null,
  submittedAt: null,
  feedbackPoints: [],
  editable: true,
};

/** The form's fields; `publishAt` is null until the user types one (then the stored time is shown). */
export type Fields = Omit<EditorArticle, 'id' | 'version' | 'feedbackPoints' | 'editable' | 'publishedAt' | 'submittedAt'> & {
  publishAt: string | null;
};
export type SetField = <K extends keyof Fields>(k: K, v: Fields[K]) => void;

/** The fields of the loaded article, or of what was posted (a form sent without JavaScript comes back with its values). */
export function fieldsFrom(a: EditorArticle, values?: Record<string, string>): Fields {
  const v = values ?? {};
  return {
    title: v.title ?? a.title,
    slug: v.slug ?? a.slug,
    dek: v.dek ?? a.dek,
    bodySource: v.bodySource ?? a.bodySource,
    coverImage: v.coverImage ?? a.coverImage,
    coverAlt: v.coverAlt ?? a.coverAlt,
    categoryId: v.categoryId ?? a.categoryId,
    tags: v.tags ?? a.tags,
    authorIds: a.authorIds,
    seoTitle: v.seoTitle ?? a.seoTitle,
    seoDescription: v.seoDescription ?? a.seoDescription,
    commentsOpen: values ? v.commentsOpen === 'on' : a.commentsOpen,
    status: (v.status as Fields['status']) ?? a.status,
    publishAt: v.publishAt ?? null,
  };
}

/** A stored time for a datetime-local input: in UTC on the server, in the browser's zone once there. */
export function publishAtInput(iso: string | null, inBrowser: boolean): string {
  if (!iso) return '';
  if (!inBrowser) return iso.slice(0, 16);
  const d = new Date(iso);
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** Same rule as the server's slugify (lib/dal/admin/text.ts), to show the slug a save will generate. */
export function suggestSlug(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
}

/** A field's errors and the attributes that tie them to its input. */
export type FieldA11y = {
  err: (k: string) => string[] | undefined;
  inv: (k: string) => true | undefined;
  desc: (k: string) => string | undefined;
};

export function fieldA11y(uid: string, errors: Record<string, string[] | undefined> | undefined): FieldA11y {
  const err = (k: string) => errors?.[k];
  return {
    err,
    inv: (k) => (err(k)?.length ? true : undefined),
    desc: (k) => (err(k)?.length ? `${uid}-${k}-err` : undefined),
  };
}

/** What each group of fields gets from the editor. */
export type FieldGroupProps = { f: Fields; set: SetField; readOnly: boolean; uid: string; a11y: FieldA11y };
