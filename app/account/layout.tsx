import Link from '@/components/ui/link';

const LINKS = [
  { href: '/account', label: 'Profile' },
  { href: '/account/security', label: 'Email & password' },
  { href: '/account/notifications', label: 'Notifications' },
  { href: '/pledges', label: 'Your pledges' },
  { href: '/account/data', label: 'Your data' },
];

export default function AccountLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="mx-auto max-w-3xl">
      <nav aria-label="Account settings" className="mb-6 border-b border-stone-300">
        <ul className="flex flex-wrap gap-x-4 gap-y-1 pb-2 text-sm font-medium">
          {LINKS.map((l) => (
            <li key={l.href}>
              <Link href={l.href} className="hover:underline">
                {l.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {children}
    </div>
  );
}
