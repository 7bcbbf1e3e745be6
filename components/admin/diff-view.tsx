/** Line diff (longest common subsequence) of two texts, for the revision history. */
export type DiffLine = { kind: 'same' | 'add' | 'del'; text: string };

export function diffLines(a: string, b: string): DiffLine[] {
  const x = a.split('\n');
  const y = b.split('\n');
  // Past this size the table gets expensive: show a plain replace instead.
  if (x.length * y.length > 4_000_000) {
    return [...x.map((text) => ({ kind: 'del' as const, text })), ...y.map((text) => ({ kind: 'add' as const, text }))];
  }
  const n = x.length;
  const m = y.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      out.push({ kind: 'same', text: x[i] });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push({ kind: 'del', text: x[i++] });
    else out.push({ kind: 'add', text: y[j++] });
  }
  while (i < n) out.push({ kind: 'del', text: x[i++] });
  while (j < m) out.push({ kind: 'add', text: y[j++] });
  return out;
}

export function DiffView({ before, after, label }: { before: string; after: string; label: string }) {
  const lines = diffLines(before, after);
  const changed = lines.some((l) => l.kind !== 'same');
  return (
    <figure className="min-w-0">
      <figcaption className="mb-1 text-sm font-semibold">{label}</figcaption>
      {!changed ? (
        <p className="text-sm text-stone-600">No changes.</p>
      ) : (
        <pre className="max-h-[40rem] overflow-auto rounded border border-stone-300 bg-white p-2 text-sm whitespace-pre-wrap">
          {lines.map((l, k) => (
            <span
              key={k}
              className={`block ${l.kind === 'add' ? 'bg-green-100 text-green-950' : l.kind === 'del' ? 'bg-red-100 text-red-950 line-through' : ''}`}
            >
              <span aria-hidden="true" className="select-none text-stone-500">
                {l.kind === 'add' ? '+ ' : l.kind === 'del' ? '− ' : '  '}
              </span>
              {l.kind === 'add' ? (
                <ins className="no-underline">{l.text || ' '}</ins>
              ) : l.kind === 'del' ? (
                <del>{l.text || ' '}</del>
              ) : (
                l.text || ' '
              )}
            </span>
          ))}
        </pre>
      )}
    </figure>
  );
}
