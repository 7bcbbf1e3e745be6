import Link from '@/components/ui/link';
import type { Role } from '@/db/schema';
import { ADMIN_SECTIONS, can } from '@/lib/auth/roles';

/** The newsroom menu: only the links the viewer's role can use. Wraps on a phone instead of scrolling. */
export function AdminNav({ role, name }: { role: Role; name: string }) {
  return (
    <nav aria-label="Newsroom" className="border-b border-stone-300 pb-3 md:border-r md:border-b-0 md:pr-4 md:pb-0">
      <p className="mb-2 text-xs font-bold tracking-wide text-stone-600 uppercase">
        Newsroom · {name} ({role})
      </p>
      <ul className="flex flex-wrap gap-x-1 gap-y-1 md:flex-col">
        {ADMIN_SECTIONS.filter((l) => can(role, l.permission)).map((l) => (
          <li key={l.href}>
            <Link href={l.href} className="block rounded px-2 py-1 text-sm font-medium hover:bg-stone-200 focus-visible:bg-stone-200">
              {l.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
