'use client';
import { useEffect, useRef } from 'react';

export const SHORTCUTS: { keys: string; does: string }[] = [
  { keys: 'j / k', does: 'next / previous comment' },
  { keys: 'a', does: 'approve' },
  { keys: 'r', does: 'reject with a reason (opens the reason field; Ctrl+Enter sends)' },
  { keys: 's', does: 'mark as spam' },
  { keys: 't', does: 'move to trash' },
  { keys: 'x', does: 'select for the bulk bar' },
  { keys: 'c', does: 'show or hide the context (article and replied-to comment)' },
  { keys: '?', does: 'show or hide this list' },
];

/** Keys typed into a field are text, never commands. */
function typing(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable) return true;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  return el instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(el.type);
}

/**
 * Keyboard flow of the moderation queue around the server-rendered items (`[data-queue-item]`). The
 * current comment is kept by position: when an approved or rejected comment leaves the list, the one
 * that takes its place becomes current and gets the focus, so "a a a…" works through a queue.
 */
export function QueueKeyboard({ children, helpId }: { children: React.ReactNode; helpId: string }) {
  const box = useRef<HTMLDivElement>(null);
  const index = useRef(-1);

  useEffect(() => {
    const root = box.current!;
    const items = () => [...root.querySelectorAll<HTMLElement>('[data-queue-item]')];
    const focusAt = (i: number) => {
      const list = items();
      if (!list.length) {
        index.current = -1;
        return;
      }
      index.current = Math.max(0, Math.min(i, list.length - 1));
      for (const el of list) el.removeAttribute('data-current');
      const el = list[index.current];
      el.setAttribute('data-current', 'true');
      el.focus();
      el.scrollIntoView({ block: 'nearest' });
    };
    const current = () => (index.current >= 0 ? items()[index.current] : undefined);
    const press = (name: string) => current()?.querySelector<HTMLButtonElement>(`button[data-shortcut="${name}"]:not(:disabled)`)?.click();
    const toggle = (sel: string) => {
      const d = current()?.querySelector<HTMLDetailsElement>(sel);
      if (d) d.open = !d.open;
      return d;
    };

    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      switch (e.key) {
        case 'j':
          focusAt(index.current + 1);
          break;
        case 'k':
          focusAt(index.current - 1);
          break;
        case 'a':
          press('approve');
          break;
        case 's':
          press('spam');
          break;
        case 't':
          press('trash');
          break;
        case 'x':
          current()?.querySelector<HTMLInputElement>('input[type="checkbox"][name="ids"]')?.click();
          break;
        case 'c':
          toggle('details[data-context]');
          break;
        case 'r': {
          const d = current()?.querySelector<HTMLDetailsElement>('details[data-reject]');
          if (!d) return;
          d.open = true;
          d.querySelector<HTMLTextAreaElement>('textarea')?.focus();
          break;
        }
        case '?': {
          const help = document.getElementById(helpId) as HTMLDetailsElement | null;
          if (!help) return;
          help.open = !help.open;
          help.querySelector('summary')?.focus();
          break;
        }
        default:
          return;
      }
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    // The shortcuts work from here on (tests wait for this; CSS may show keyboard hints only then).
    root.setAttribute('data-shortcuts', 'on');

    // An item that left the list took the focus with it: give it to the one now in its place.
    const observer = new MutationObserver(() => {
      if (index.current < 0) return;
      const list = items();
      const active = document.activeElement;
      if (!active || active === document.body || !document.contains(active)) focusAt(index.current);
      else if (!list[index.current]?.hasAttribute('data-current')) {
        for (const el of list) el.removeAttribute('data-current');
        list[Math.min(index.current, list.length - 1)]?.setAttribute('data-current', 'true');
      }
    });
    observer.observe(root, { childList: true, subtree: true });
    // A click or Tab into an item makes it the current one.
    const onFocusIn = (e: FocusEvent) => {
      const item = (e.target as HTMLElement).closest<HTMLElement>('[data-queue-item]');
      const i = item ? items().indexOf(item) : -1;
      if (i >= 0 && i !== index.current) {
        for (const el of items()) el.removeAttribute('data-current');
        item!.setAttribute('data-current', 'true');
        index.current = i;
      }
    };
    root.addEventListener('focusin', onFocusIn);
    return () => {
      document.removeEventListener('keydown', onKey);
      root.removeAttribute('data-shortcuts');
      observer.disconnect();
      root.removeEventListener('focusin', onFocusIn);
    };
  }, [helpId]);

  return <div ref={box}>{children}</div>;
}

/** The list of shortcuts, on the page (closed by default; "?" opens it). */
export function ShortcutHelp({ id }: { id: string }) {
  return (
    <details id={id} className="mb-4 rounded border border-stone-300 bg-white p-2 text-sm">
      <summary className="cursor-pointer font-semibold">Keyboard shortcuts</summary>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        {SHORTCUTS.map((s) => (
          <div key={s.keys} className="contents">
            <dt>
              <kbd className="rounded border border-stone-400 bg-stone-100 px-1 font-mono">{s.keys}</kbd>
            </dt>
            <dd>{s.does}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-2 text-stone-600">Shortcuts do nothing while you type in a field.</p>
    </details>
  );
}
