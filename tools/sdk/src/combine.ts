// Many file indexes → one SDK index, with kits filled in from `kits/` where a file has no `@kit`.
import type { SdkFileIndex, SdkIndex } from './types.js';

/** Module specifier of a declaration file (`api/@ohos.multimedia.avsession.d.ts` → `@ohos.multimedia.avsession`). */
export function moduleOfFile(file: string): string {
  return file.replace(/^api\//, '').replace(/(\.static)?\.d\.e?ts$/, '');
}

/** Kit of a `kits/@kit.<Name>.d.ts` file. */
function kitOfKitFile(index: SdkFileIndex): string | undefined {
  return index.kit ?? /^kits\/@kit\.([^/]+?)(?:\.static)?\.d\.e?ts$/.exec(index.file)?.[1];
}

/**
 * Combine file indexes (in any order) into the SDK index, sorted by file.
 * @param files One index per declaration file.
 * @param bytes Total size read, for the summary.
 */
export function combineSdkIndex(files: readonly SdkFileIndex[], bytes = 0): SdkIndex {
  const sorted = [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const kitOfModule = new Map<string, string>();
  for (const file of sorted) {
    const kit = file.kitModules ? kitOfKitFile(file) : undefined;
    if (kit === undefined) continue;
    for (const specifier of file.kitModules!) if (!kitOfModule.has(specifier)) kitOfModule.set(specifier, kit);
  }
  const index: SdkIndex = { files: sorted.length, bytes, throws: [], enums: [], uncoded: 0, diagnostics: [] };
  for (const file of sorted) {
    const kit = file.kit ?? kitOfModule.get(moduleOfFile(file.file));
    for (const thrown of file.throws) index.throws.push(thrown.kit === undefined && kit !== undefined ? { ...thrown, kit } : thrown);
    for (const declared of file.enums) index.enums.push(declared.kit === undefined && kit !== undefined ? { ...declared, kit } : declared);
    index.uncoded += file.uncoded;
    index.diagnostics.push(...file.diagnostics);
  }
  return index;
}
