import type { Build, PackageTarget } from './types.js';

/** Maps a module to where each of its builds is published. */
export type PackageNamer = (module: string) => Record<Build, PackageTarget>;

/**
 * npm-safe form of a module name: `backgroundProcessManager` → `background-process-manager`.
 * @param module Module name from `errorcode-<module>.md`.
 */
export function packageSlug(module: string): string {
  return module
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-._]+|-+$/g, '');
}

/**
 * Default layout: one package per module, `@errcat/<module>` holding the public codes and its
 * `./system` entry holding every code (the full build).
 * @param module Module name.
 */
export const defaultPackageNamer: PackageNamer = (module) => {
  const packageName = `@errcat/${packageSlug(module)}`;
  return {
    public: { packageName, entry: '.' },
    full: { packageName, entry: './system' },
  };
};

/**
 * Import specifier of a build: `@errcat/avsession` or `@errcat/avsession/system`.
 * @param target Package and entry.
 */
export function targetSpecifier(target: PackageTarget): string {
  return target.entry === '.' ? target.packageName : `${target.packageName}/${target.entry.replace(/^\.\//, '')}`;
}
