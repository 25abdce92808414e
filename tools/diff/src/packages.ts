import { packageName, packageSlug } from '@errcat/schema';
import type { Build, PackageTarget } from './types.js';

export { packageSlug };

/** Maps a module to where each of its builds is published. */
export type PackageNamer = (module: string) => Record<Build, PackageTarget>;

/**
 * Default layout: one package per module, `@errcat/<module>` holding the public codes and its
 * `./system` entry holding every code (the full build).
 * @param module Module name.
 */
export const defaultPackageNamer: PackageNamer = (module) => {
  const name = packageName(module);
  return {
    public: { packageName: name, entry: '.' },
    full: { packageName: name, entry: './system' },
  };
};

/**
 * Import specifier of a build: `@errcat/avsession` or `@errcat/avsession/system`.
 * @param target Package and entry.
 */
export function targetSpecifier(target: PackageTarget): string {
  return target.entry === '.' ? target.packageName : `${target.packageName}/${target.entry.replace(/^\.\//, '')}`;
}
