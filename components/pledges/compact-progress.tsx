/** Compact progress bar of the featured campaign for the site footer. Owned by the pledges work. */
export async function CompactProgress() {
  return null;
}
