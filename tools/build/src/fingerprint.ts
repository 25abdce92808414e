import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const fingerprints = new Map<string, string>();
/** {@link codeFingerprint} of each package asked for. */
const packageFingerprints = new Map<string, string>();

/**
 * A hash of the compiled JavaScript in some folders (not their subfolders), cached per process.
 * @param dirs Absolute folders.
 */
export function folderFingerprint(dirs: readonly string[]): string {
  const key = dirs.join('\0');
  const known = fingerprints.get(key);
  if (known) return known;
  const hash = createHash('sha256');
  for (const dir of dirs) {
    for (const name of readdirSync(dir).filter((file) => file.endsWith('.js')).sort()) {
      hash.update(name).update('\0').update(readFileSync(join(dir, name)));
    }
  }
  const fingerprint = hash.digest('hex').slice(0, 16);
  fingerprints.set(key, fingerprint);
  return fingerprint;
}

/**
 * A hash of the compiled code of a package (its `dist/`, and the `generated/` code beside it
 * where there is one, such as the precompiled validators), so results cached by one version of it
 * are never taken for another's.
 * @param packageName A package this one depends on, e.g. `@errcat/parser`.
 */
export function codeFingerprint(packageName: string): string {
  // Asked once per page for the parse cache's keys: resolving the package each time cost 25 µs a call.
  const known = packageFingerprints.get(packageName);
  if (known) return known;
  const dist = dirname(fileURLToPath(import.meta.resolve(packageName)));
  const generated = join(dist, '..', 'generated');
  const fingerprint = folderFingerprint(existsSync(generated) ? [dist, generated] : [dist]);
  packageFingerprints.set(packageName, fingerprint);
  return fingerprint;
}
