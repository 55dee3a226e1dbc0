import semver from 'semver';

/**
 * The highest version satisfying `range` (`^1`, `1.2.x`, `*`, or an exact version), or undefined.
 * Pre-releases only match a range that names one, as npm does.
 */
export function pickVersion(versions: readonly string[], range: string): string | undefined {
  return semver.maxSatisfying([...versions], range) ?? undefined;
}

export function isValidRange(range: string): boolean {
  return semver.validRange(range) !== null;
}
