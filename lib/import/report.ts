/** What an import did (or, in a dry run, would do), item by item, for the command line and the admin page. */
export type Outcome = 'created' | 'updated' | 'unchanged' | 'skipped' | 'failed';

export type ReportLine = { kind: string; id: string; label: string; reason: string };

export class ImportReport {
  readonly counts = new Map<string, Record<Outcome, number>>();
  /** Every skipped or failed item, with why. */
  readonly problems: ReportLine[] = [];
  /** Things done that the newsroom should know about (images left out, authors invited). */
  readonly notes: string[] = [];
  /** Articles whose page (text or comments) the import changed: their cache entries must go. */
  readonly touchedArticles = new Set<string>();

  constructor(readonly dryRun: boolean) {}

  add(kind: string, outcome: Outcome, item?: { id: string; label: string }, reason = ''): void {
    const c = this.counts.get(kind) ?? { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 };
    c[outcome]++;
    this.counts.set(kind, c);
    if ((outcome === 'skipped' || outcome === 'failed') && item) this.problems.push({ kind, id: item.id, label: item.label, reason });
  }

  get failed(): number {
    return [...this.counts.values()].reduce((n, c) => n + c.failed, 0);
  }

  /** A plain-text table and the list of problems. */
  format(): string {
    const lines = [`${this.dryRun ? 'Dry run: nothing was written. What the import would do:' : 'Import finished.'}`, ''];
    lines.push(
      `${'item'.padEnd(12)} ${'created'.padStart(8)} ${'updated'.padStart(8)} ${'unchanged'.padStart(9)} ${'skipped'.padStart(8)} ${'failed'.padStart(7)}`,
    );
    for (const [kind, c] of this.counts) {
      lines.push(
        `${kind.padEnd(12)} ${String(c.created).padStart(8)} ${String(c.updated).padStart(8)} ${String(c.unchanged).padStart(9)} ${String(c.skipped).padStart(8)} ${String(c.failed).padStart(7)}`,
      );
    }
    if (this.problems.length) {
      lines.push('', `Skipped or failed (${this.problems.length}):`);
      for (const p of this.problems) lines.push(`- ${p.kind} ${p.id} "${p.label}": ${p.reason}`);
    }
    if (this.notes.length) lines.push('', ...this.notes.map((n) => `Note: ${n}`));
    return lines.join('\n');
  }
}
