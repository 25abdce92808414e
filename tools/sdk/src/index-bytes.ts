import { decodeSdkFile } from './decode.js';
import { indexSdkFile } from './index-file.js';
import type { SdkFileIndex } from './types.js';

/**
 * Index a file from its bytes: decoded (a warning when it is not UTF-8), then indexed. A failure
 * of the indexer itself becomes an error on the file, so the other files are still read.
 */
export function indexBytes(bytes: Uint8Array, file: string): SdkFileIndex {
  const { text, diagnostics } = decodeSdkFile(bytes, file);
  try {
    const index = indexSdkFile(text, file);
    if (diagnostics.length > 0) index.diagnostics.unshift(...diagnostics);
    return index;
  } catch (error) {
    return {
      file,
      throws: [],
      enums: [],
      uncoded: 0,
      diagnostics: [
        ...diagnostics,
        {
          severity: 'error',
          ruleId: 'sdk-unreadable',
          message: `errcat could not index this file: ${error instanceof Error ? error.message : String(error)}`,
          position: { file, line: 1, column: 1 },
        },
      ],
    };
  }
}
