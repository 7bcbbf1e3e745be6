import { Node, mergeAttributes, type Content, type SingleCommands } from '@tiptap/core';
import { NodeSelection, type EditorState } from '@tiptap/pm/state';
import StarterKit from '@tiptap/starter-kit';

/**
 * The editor's schema. Everything it can produce is in the server's allow-list (lib/dal/admin/text.ts
 * articleSanitize), so what an editor sees is what the sanitizer keeps.
 */

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    figure: { insertFigure: (attrs: { src: string; alt: string; caption: string }) => ReturnType };
    pullQuote: { togglePullQuote: () => ReturnType };
    linkCard: { insertLinkCard: (href: string) => ReturnType };
  }
}

/** Inserts a block; with an image or card selected it goes after it instead of replacing it. */
function insertBlock(content: Content) {
  return ({ state, commands }: { state: EditorState; commands: SingleCommands }) =>
    state.selection instanceof NodeSelection ? commands.insertContentAt(state.selection.to, content) : commands.insertContent(content);
}

export function hostOf(href: string): string {
  try {
    return new URL(href).host;
  } catch {
    return href;
  }
}

/** An image with alt text and an optional caption: `<figure><img><figcaption>`. A bare `<img>` parses too. */
export const Figure = Node.create({
  name: 'figure',
  group: 'block',
  atom: true,
  draggable: true,
  addAttributes() {
    return { src: { default: '' }, alt: { default: '' }, caption: { default: '' } };
  },
  parseHTML() {
    return [
      {
        tag: 'figure',
        getAttrs: (el) => {
          const img = (el as HTMLElement).querySelector('img');
          if (!img) return false;
          return {
            src: img.getAttribute('src') ?? '',
            alt: img.getAttribute('alt') ?? '',
            caption: (el as HTMLElement).querySelector('figcaption')?.textContent?.trim() ?? '',
          };
        },
      },
      {
        tag: 'img[src]',
        getAttrs: (el) => ({
          src: (el as HTMLElement).getAttribute('src') ?? '',
          alt: (el as HTMLElement).getAttribute('alt') ?? '',
          caption: '',
        }),
      },
    ];
  },
  renderHTML({ node }) {
    const img = ['img', { src: node.attrs.src, alt: node.attrs.alt }];
    return node.attrs.caption ? ['figure', img, ['figcaption', node.attrs.caption]] : ['figure', img];
  },
  addCommands() {
    return { insertFigure: (attrs) => insertBlock({ type: this.name, attrs }) };
  },
});

/** A pull quote: a highlighted line from the text, set apart from it (`<aside class="pull-quote">`). */
export const PullQuote = Node.create({
  name: 'pullQuote',
  group: 'block',
  content: 'paragraph+',
  defining: true,
  parseHTML() {
    return [{ tag: 'aside.pull-quote', priority: 60 }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['aside', mergeAttributes(HTMLAttributes, { class: 'pull-quote' }), 0];
  },
  addCommands() {
    return {
      togglePullQuote:
        () =>
        ({ commands }) =>
          commands.toggleWrap(this.name),
    };
  },
});

/** A URL embed without third-party scripts: a link card (`<aside class="link-card"><a href>host</a></aside>`). */
export const LinkCard = Node.create({
  name: 'linkCard',
  group: 'block',
  atom: true,
  addAttributes() {
    return { href: { default: '' } };
  },
  parseHTML() {
    return [
      {
        tag: 'aside.link-card',
        priority: 60,
        getAttrs: (el) => {
          const href = (el as HTMLElement).querySelector('a')?.getAttribute('href');
          return href ? { href } : false;
        },
      },
    ];
  },
  renderHTML({ node }) {
    return ['aside', { class: 'link-card' }, ['a', { href: node.attrs.href }, hostOf(node.attrs.href)]];
  },
  addCommands() {
    return { insertLinkCard: (href) => insertBlock({ type: this.name, attrs: { href } }) };
  },
});

/**
 * Pasted HTML's headings fitted to the editor's levels (2 to 4): Word and Google Docs paste a title as <h1>,
 * which would otherwise become a plain paragraph (the server demotes <h1> the same way).
 */
export function fitPastedHeadings(html: string): string {
  return html.replace(/<(\/?)h1(?=[\s>])/gi, '<$1h2').replace(/<(\/?)h[56](?=[\s>])/gi, '<$1h4');
}

export const editorExtensions = [
  StarterKit.configure({
    heading: { levels: [2, 3, 4] },
    underline: false,
    link: { openOnClick: false, autolink: true, protocols: ['mailto'], HTMLAttributes: { rel: null, target: null } },
  }),
  Figure,
  PullQuote,
  LinkCard,
];
