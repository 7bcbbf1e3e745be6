/** Accessibility checks for the a11y specs: axe-core's violations on the current page, one readable line each. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** Every axe-core violation on the page (all its rules, nothing excluded), with up to five offending nodes each. */
export async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes
        .slice(0, 5)
        .map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`)
        .join('\n    ')}`,
  );
}
