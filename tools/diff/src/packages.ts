import { packageName, packageSlug } from '@errcat/schema';
import type { Build, PackageTarget } from './types.js';

export { packageSlug };

/** Maps a module to where each of its builds is published. */
export type PackageNamer = (module: string) => Record<Build, PackageTarget>;

/**
 * The layout errcat generates: one package per module, its `.` entry holding the public codes and
 * its `./system` entry every code (the full build).
 * @param nameOf The npm name of a module's package.
 */
export function modulePackageNamer(nameOf: (module: string) => string): PackageNamer {
  return (module) => {
    const name = nameOf(module);
    return {
      public: { packageName: name, entry: '.' },
      full: { packageName: name, entry: './system' },
    };
  };
}

/** The layout with errcat's default names, `@errcat/<module>` (no `packages` settings). */
export const defaultPackageNamer: PackageNamer = modulePackageNamer(packageName);

/**
 * Import specifier of a build: `@errcat/avsession` or `@errcat/avsession/system`.
 * @param target Package and entry.
 */
export function targetSpecifier(target: PackageTarget): string {
  return target.entry === '.' ? target.packageName : `${target.packageName}/${target.entry.replace(/^\.\//, '')}`;
}
