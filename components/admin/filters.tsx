import Link from '@/components/ui/link';
import { adminButton, adminInput } from './ui';

/**
 * The filter form above an admin list: a GET form (so a filtered list has its own address and works without
 * JavaScript), its fields, then "Filter" and, while any filter is on, "Clear" back to `base`.
 */
export function FilterForm({
  label,
  base,
  filtered,
  className,
  children,
}: {
  /** The search landmark's name. */
  label: string;
  base: string;
  filtered: boolean;
  className: string;
  children: React.ReactNode;
}) {
  return (
    <form method="get" role="search" aria-label={label} className={`mb-6 grid gap-3 ${className}`}>
      {children}
      <div className="flex items-end gap-2">
        <button type="submit" className={adminButton}>
          Filter
        </button>
        {filtered ? (
          <Link href={base} className="py-2 text-sm underline">
            Clear
          </Link>
        ) : null}
      </div>
    </form>
  );
}

/** A labelled text or date filter. */
export function FilterInput({
  id,
  label,
  className,
  ...input
}: { id: string; label: string; className?: string } & Omit<React.InputHTMLAttributes<HTMLInputElement>, 'id' | 'className'>) {
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-semibold">
        {label}
      </label>
      <input id={id} {...input} className={adminInput} />
    </div>
  );
}

/** A labelled choice among `options`, the first one (value "") meaning no filter. */
export function FilterSelect({
  id,
  name,
  label,
  value,
  any,
  options,
}: {
  id: string;
  name: string;
  label: string;
  value: string;
  /** The label of the "no filter" choice. */
  any: string;
  options: readonly (string | { value: string; label: string })[];
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-semibold">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value} className={adminInput}>
        <option value="">{any}</option>
        {options.map((o) => {
          const { value: v, label: l } = typeof o === 'string' ? { value: o, label: o } : o;
          return (
            <option key={v} value={v}>
              {l}
            </option>
          );
        })}
      </select>
    </div>
  );
}
