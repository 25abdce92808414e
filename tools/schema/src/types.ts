/** Whether an entry ships in the public SDK or only in the system (full) edition. */
export type Visibility = 'public' | 'system';

/** Severity of a diagnostic. */
export type Severity = 'error' | 'warning' | 'info';

/** A place in a source file. Lines and columns are 1-based. */
export interface SourcePosition {
  /** Path of the source file, as given to the parser (repo-relative where possible). */
  file: string;
  line: number;
  column: number;
  /** Last line of the construct (inclusive), when it spans several lines. */
  endLine?: number;
}

/** A problem found in the input, with where it is. */
export interface Diagnostic {
  severity: Severity;
  /** Stable identifier of the rule, e.g. `duplicate-code`. */
  ruleId: string;
  message: string;
  position: SourcePosition;
  /** A second place involved (the first definition of a duplicated code, say). */
  related?: SourcePosition;
}

/** How a labelled section of an entry is understood. */
export type SectionKind = 'message' | 'description' | 'causes' | 'solutions' | 'extra';

/** One labelled part of an entry (`**Error Message**` and what follows it up to the next label). */
export interface Section {
  kind: SectionKind;
  /** The label as written, e.g. `Possible Cause` or `可能原因`. */
  label: string;
  /** Markdown source of the body, exactly as written (trimmed of surrounding blank lines). */
  markdown: string;
  position: SourcePosition;
}

/** The texts of an entry or of one variant of it. */
export interface EntryTexts {
  /** Runtime error message as plain text (empty when the page gives none). */
  message: string;
  /** Runtime error message as Markdown source. */
  messageMarkdown: string;
  /** Description as Markdown source (empty when absent). */
  description: string;
  /** Possible causes, one Markdown string per list item or paragraph. */
  causes: string[];
  /** Solution steps, one Markdown string per list item or paragraph. */
  solutions: string[];
  /** Every labelled section in source order, known or not, so nothing is lost. */
  sections: Section[];
}

/** A sub-section of a code (`### <variant title>` under one `## <code>`), with its own labels. */
export interface ErrorVariant extends EntryTexts {
  title: string;
  visibility: Visibility;
  /** Markdown between the variant's heading and its first label. */
  intro?: string;
  position: SourcePosition;
}

/** One error code as documented on a page. */
export interface ErrorEntry extends EntryTexts {
  code: number;
  /** Heading text after the code, as written (Markdown source, trimmed). */
  title: string;
  visibility: Visibility;
  /** Heading of the group this entry sits under, for two-level pages. */
  group?: string;
  /** Markdown between the heading and the first label (or the whole body of a stub). */
  intro?: string;
  /** True when the entry has no labelled sections (a heading and a "see …" line only). */
  stub?: boolean;
  /** True when the code belongs to another module and is documented here too. */
  borrowed?: boolean;
  /** Sub-sections of the code, each with its own labels. */
  variants?: ErrorVariant[];
  /** Where the entry was written as a table row rather than a section. */
  fromTable?: boolean;
  /** Names of content markers (`RP1`, …) that appear inside this entry. */
  markers?: string[];
  /** The entry's texts as the public edition shows them; present only when a public entry holds system-only parts. */
  publicTexts?: PublicEntryTexts;
  position: SourcePosition;
}

/** Texts of a public entry with its `<!--Del-->` parts removed. */
export interface PublicEntryTexts extends EntryTexts {
  intro?: string;
  stub?: boolean;
  variants?: ErrorVariant[];
}

/** Page metadata from `<!--Key: value-->` comments. */
export interface PageMetadata {
  kit?: string;
  subsystem?: string;
  owner?: string[];
  designer?: string[];
  tester?: string[];
  adviser?: string[];
  /** Keys the parser does not know, values split on `;`. */
  extra?: Record<string, string[]>;
}

/** A `<!--Del-->` or `<!--RPn-->` region of a page. */
export interface MarkedRegion {
  /** `Del` or `RP1`, `RP2`, … */
  name: string;
  start: SourcePosition;
  /** Absent when the region is never closed. */
  end?: SourcePosition;
}

/** One parsed Markdown page. */
export interface ErrorDocument {
  schemaVersion: 1;
  /** Source file path. */
  file: string;
  /** BCP-47 locale of the page, e.g. `en`, `zh-CN`. */
  locale: string;
  /** Module name, from `errorcode-<module>.md`. */
  module: string;
  /** Folder of the kit the page lives in (e.g. `apis-avsession-kit`), when known. */
  kitFolder?: string;
  /** Page title as written. */
  title: string;
  metadata: PageMetadata;
  /** Where each metadata comment is, keyed `kit`, `subsystem`, `owner`, …, `extra.<Key>`; absent when the page has none. */
  metadataPositions?: Record<string, SourcePosition>;
  /** Markdown between the title (and metadata) and the first entry. */
  intro: string;
  /** The intro as the public edition shows it; present only when the intro holds system-only parts. */
  publicIntro?: string;
  errors: ErrorEntry[];
  regions: MarkedRegion[];
}

/**
 * A place in the page a catalogue record comes from, where the record around it names the file: a
 * section's or a variant's position is in the file of its locale entry's `position`, a module's
 * metadata position in the file of its metadata page (see `positionInEntry`, `metadataPosition`).
 */
export interface PositionInPage {
  line: number;
  column: number;
  /** Last line of the construct (inclusive), when it spans several lines. */
  endLine?: number;
}

/**
 * One labelled part of an entry as the catalogue keeps it. `markdown` is left out when it says
 * nothing the texts' plain field does not; read it with `sectionMarkdown`.
 */
export interface CatalogueSection {
  kind: SectionKind;
  /** The label as written, e.g. `Possible Cause` or `可能原因`. */
  label: string;
  /**
   * Markdown source of the body, exactly as written. Absent when it equals what the texts hold
   * already: the message's Markdown (`message`), the description (`description`), or the one
   * item of `causes` / `solutions`. Extra sections always have it.
   */
  markdown?: string;
  position: PositionInPage;
}

/** The texts of a catalogue entry or of one variant of it. */
export interface CatalogueTexts {
  /** Runtime error message as plain text (empty when the page gives none). */
  message: string;
  /** Runtime error message as Markdown source; absent when it is `message` itself (see `messageMarkdownOf`). */
  messageMarkdown?: string;
  /** Description as Markdown source (empty when absent). */
  description: string;
  /** Possible causes, one Markdown string per list item or paragraph. */
  causes: string[];
  /** Solution steps, one Markdown string per list item or paragraph. */
  solutions: string[];
  /** Every labelled section in source order, known or not, so nothing is lost. */
  sections: CatalogueSection[];
}

/** A sub-section of a code as the catalogue keeps it. */
export interface CatalogueVariant extends CatalogueTexts {
  title: string;
  visibility: Visibility;
  /** Markdown between the variant's heading and its first label. */
  intro?: string;
  position: PositionInPage;
}

/** Texts of a public entry with its `<!--Del-->` parts removed, as the catalogue keeps them. */
export interface CataloguePublicTexts extends CatalogueTexts {
  intro?: string;
  stub?: boolean;
  variants?: CatalogueVariant[];
}

/** Texts of one code in one locale, as kept in the catalogue. */
export interface LocalizedEntry extends CatalogueTexts {
  title: string;
  intro?: string;
  stub?: boolean;
  variants?: CatalogueVariant[];
  group?: string;
  /** The texts as the public edition shows them; present only when a public entry holds system-only parts. */
  publicTexts?: CataloguePublicTexts;
  /** Where the entry is; every position inside it is in the same file. */
  position: SourcePosition;
}

/** One code in the merged catalogue. */
export interface CatalogueEntry {
  code: number;
  module: string;
  visibility: Visibility;
  borrowed?: boolean;
  /** Texts keyed by locale. */
  locales: Record<string, LocalizedEntry>;
  /** The SDK's APIs that throw the code, sorted by name (only when built with `--sdk`). */
  thrownBy?: ThrowingApi[];
}

/** An SDK API that throws a code. */
export interface ThrowingApi {
  /** Qualified name (`avSession.AVSession.setAVMetadata`). */
  name: string;
  /** Every declaration of it that throws the code is system-only. */
  systemApi?: boolean;
}

/** One module (one `errorcode-<module>.md` page, in every locale). */
export interface CatalogueModule {
  name: string;
  kitFolder?: string;
  /** Metadata of the default-locale page (or of the first page when it is missing). */
  metadata: PageMetadata;
  /** Where each metadata comment of that page is (keys as in `ErrorDocument.metadataPositions`), in the file of that page. */
  metadataPositions?: Record<string, PositionInPage>;
  /** Page title per locale. */
  titles: Record<string, string>;
  /** Source file per locale. */
  sources: Record<string, string>;
  /** Codes the module owns (borrowed ones excluded), ascending. */
  codes: number[];
  /** Codes documented on the page but owned elsewhere. */
  borrowedCodes: number[];
  counts: { total: number; public: number; system: number };
}

/**
 * The merged catalogue: every module and code, texts per locale. Version 2 leaves out what a
 * reader can recover (see `CatalogueSection`, `CatalogueTexts.messageMarkdown`, `PositionInPage`);
 * version 1 wrote it all out and reads the same through the helpers.
 */
export interface Catalogue {
  schemaVersion: 2;
  /** Locale texts fall back to. */
  defaultLocale: string;
  locales: string[];
  modules: Record<string, CatalogueModule>;
  /** Entries keyed by code (as a decimal string). */
  errors: Record<string, CatalogueEntry>;
}
