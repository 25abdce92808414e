/**
 * npm-safe form of a module name: `backgroundProcessManager` → `background-process-manager`.
 * The generators name packages with it and the diff report names release targets with it.
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
 * Name of the package generated for a module: `@errcat/<slug>`.
 * @param module Module name.
 */
export function packageName(module: string): string {
  return `@errcat/${packageSlug(module)}`;
}
