import semver from 'semver';
import type { SemVer } from 'semver';

/** AppManager's "pick the next version for me" (`DefaultConstant.AUTO_VERSION`). */
export const autoVersion = '_';

/** The version of the first package of an app or component. */
export const initialVersion = '1.0.0';

/** Component types AppManager always versions itself, whatever the request asks (`VersionUtil`). */
const alwaysAutoVersionedTypes: ReadonlySet<string> = new Set(['RESOURCE_ADDON', 'INTERNAL_ADDON']);

export function isAlwaysAutoVersioned(componentType: string): boolean {
  return alwaysAutoVersionedTypes.has(componentType);
}

/** Reads `x.y.z[-pre][+build]`; refuses anything else, naming the text it was given. */
export function parseVersion(text: string): SemVer {
  const parsed = semver.parse(text.trim());
  if (!parsed) {
    throw new RangeError(`"${text}" is not a version: AppManager versions are semantic versions x.y.z, optionally +build`);
  }
  return parsed;
}

/** The version without its build metadata: `1.1.1+20220608160822137535` → `1.1.1`. */
export function withoutBuildMetadata(version: string): string {
  return parseVersion(version).version;
}

/**
 * AppManager's successor: a minor of 9 or more rolls over to the next major, a patch of 9 or more to the next
 * minor, otherwise the next patch (1.0.9 → 1.1.0, 1.9.3 → 2.0.0). Build metadata is ignored.
 */
export function nextVersion(latest: string | null): string {
  if (latest === null) return initialVersion;
  const { major, minor, patch } = parseVersion(latest);
  if (minor >= 9) return `${major + 1}.0.0`;
  if (patch >= 9) return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

/** Every stored version carries `+yyyyMMddHHmmss` (UTC) and six random digits, as AppManager's `fullVersion`. */
export function withBuildMetadata(version: string, now: Date, random: () => number): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  const stamp =
    String(now.getUTCFullYear()).padStart(4, '0') +
    two(now.getUTCMonth() + 1) +
    two(now.getUTCDate()) +
    two(now.getUTCHours()) +
    two(now.getUTCMinutes()) +
    two(now.getUTCSeconds());
  const digits = String(Math.min(999_999, Math.floor(random() * 1_000_000))).padStart(6, '0');
  return `${withoutBuildMetadata(version)}+${stamp}${digits}`;
}

/** Semantic-version order, build metadata ignored: negative, zero or positive like a sort comparator. */
export function compareVersions(a: string, b: string): number {
  return semver.compare(parseVersion(a), parseVersion(b));
}

/** The same release, whatever build metadata either carries. */
export function sameVersion(a: string, b: string): boolean {
  return compareVersions(a, b) === 0;
}
