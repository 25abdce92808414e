import { packageSlug } from '@errcat/schema';

/** Where a package's source lives, as npm's `repository` field has it. */
export interface RepositorySetting {
  type?: string;
  url: string;
  /** Folder of the package inside the repository; `{module}` stands for the package's folder name. */
  directory?: string;
}

/** A person, as npm's `author` field has it. */
export interface PersonSetting {
  name: string;
  email?: string;
  url?: string;
}

/**
 * Settings of the generated packages (`"packages"` in `errcat.config.json`). Every generated
 * package.json carries them.
 */
export interface PackageSettings {
  /** npm scope of every package, e.g. `@acme` (default `@errcat`). */
  scope?: string;
  /** Name pattern instead of a scope, with `{module}` for the package's folder name, e.g. `@acme/errors-{module}`. */
  name?: string;
  /** SPDX license expression, e.g. `Apache-2.0`. */
  license?: string;
  /** A repository URL (or npm shorthand such as `github:owner/repo`), or the object form. */
  repository?: string | RepositorySetting;
  author?: string | PersonSetting;
  /** Replaces the default `{ "node": ">=20.10" }`. */
  engines?: Record<string, string>;
}

/** Node versions the generated packages run on: the first with import attributes on `import()`. */
export const DEFAULT_ENGINES: Readonly<Record<string, string>> = { node: '>=20.10' };

const SCOPE = /^@[a-z0-9-~][a-z0-9-._~]*$/;
const NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

/**
 * What is wrong with a `"packages"` value, or undefined when it is usable.
 * @param value The value as read from JSON.
 */
export function packageSettingsProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'must be an object';
  const known = ['scope', 'name', 'license', 'repository', 'author', 'engines'];
  const unknown = Object.keys(value).find((key) => !known.includes(key));
  if (unknown !== undefined) return `has an unknown key "${unknown}" (known: ${known.join(', ')})`;
  if (value.scope !== undefined && value.name !== undefined) return 'sets both "scope" and "name"; use one';
  if (value.scope !== undefined && (typeof value.scope !== 'string' || !SCOPE.test(value.scope))) return '"scope" must be an npm scope such as "@acme" (lower case)';
  if (value.name !== undefined) {
    if (typeof value.name !== 'string' || !value.name.includes('{module}')) return '"name" must be a pattern holding {module}, such as "@acme/errors-{module}"';
    if (!NAME.test(value.name.replaceAll('{module}', 'module'))) return `"name" gives names npm refuses ("${value.name.replaceAll('{module}', 'module')}"): lower case letters, digits, "-", "." and "_" only`;
  }
  for (const key of ['license'] as const) {
    if (value[key] !== undefined && (typeof value[key] !== 'string' || value[key] === '')) return `"${key}" must be a non-empty string`;
  }
  const repository = value.repository;
  if (repository !== undefined && !(typeof repository === 'string' && repository !== '')) {
    if (!isRecord(repository) || typeof repository.url !== 'string' || repository.url === '') return '"repository" must be a URL or {"type"?, "url", "directory"?}';
    const extra = Object.keys(repository).find((key) => !['type', 'url', 'directory'].includes(key));
    if (extra !== undefined) return `"repository" has an unknown key "${extra}"`;
    if (['type', 'directory'].some((key) => repository[key] !== undefined && typeof repository[key] !== 'string')) return '"repository.type" and "repository.directory" must be strings';
  }
  const author = value.author;
  if (author !== undefined && !(typeof author === 'string' && author !== '')) {
    if (!isRecord(author) || typeof author.name !== 'string' || author.name === '') return '"author" must be a string or {"name", "email"?, "url"?}';
    if (Object.entries(author).some(([key, field]) => !['name', 'email', 'url'].includes(key) || typeof field !== 'string')) return '"author" holds only "name", "email" and "url" strings';
  }
  if (value.engines !== undefined && (!isRecord(value.engines) || !Object.values(value.engines).every((range) => typeof range === 'string' && range !== ''))) {
    return '"engines" must map names to version ranges, such as {"node": ">=20.10"}';
  }
  return undefined;
}

/**
 * The npm name of a generated package.
 * @param settings Package settings.
 * @param folder The package's folder name (a module's slug, `runtime`, `error-catalogue`).
 */
export function packageNameFor(settings: PackageSettings, folder: string): string {
  if (settings.name !== undefined) return settings.name.replaceAll('{module}', folder);
  return `${settings.scope ?? '@errcat'}/${folder}`;
}

/**
 * The npm name of a module's package.
 * @param settings Package settings.
 * @param module Module name.
 */
export function modulePackageName(settings: PackageSettings, module: string): string {
  return packageNameFor(settings, packageSlug(module));
}

/**
 * The fields every generated package.json carries from the settings.
 * @param settings Package settings.
 * @param folder The package's folder name.
 */
export function manifestFields(settings: PackageSettings, folder: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (settings.license !== undefined) fields.license = settings.license;
  if (settings.author !== undefined) fields.author = settings.author;
  const repository = settings.repository;
  if (typeof repository === 'string') fields.repository = repository;
  else if (repository !== undefined) {
    fields.repository = {
      type: repository.type ?? 'git',
      url: repository.url,
      ...(repository.directory !== undefined && { directory: repository.directory.replaceAll('{module}', folder) }),
    };
  }
  fields.engines = settings.engines ?? DEFAULT_ENGINES;
  return fields;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
