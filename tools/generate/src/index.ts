import type { Catalogue, Diagnostic } from '@errcat/schema';

/** One file the generators want written, relative to the output root (`packages/`). */
export interface GeneratedFile {
  path: string;
  content: string;
}

/** Options for {@link generatePackages}. */
export interface GenerateOptions {
  /** Committed name map from previous builds (module → code → member name), to keep names stable. */
  nameMap?: Record<string, Record<string, string>>;
  /** Names set by hand (module → code → member name); win over everything. */
  nameOverrides?: Record<string, Record<string, string>>;
  /** Source files the catalogue came from, for the generated headers. */
  sources?: string[];
}

/** Result of {@link generatePackages}. */
export interface GenerateResult {
  files: GeneratedFile[];
  /** The name map after this build, to be committed. */
  nameMap: Record<string, Record<string, string>>;
  diagnostics: Diagnostic[];
}

/**
 * Generate the packages for a catalogue. Pure: returns files, writes nothing.
 * @param catalogue Merged catalogue.
 * @param options Names and sources (optional).
 */
export function generatePackages(catalogue: Catalogue, options: GenerateOptions = {}): GenerateResult {
  return { files: [], nameMap: options.nameMap ?? {}, diagnostics: [] };
  void catalogue;
}
