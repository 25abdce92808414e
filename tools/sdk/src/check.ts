// The docs ⇄ SDK cross-check: a catalogue and an SDK index in, findings out. Pure.
import type { Catalogue, CatalogueEntry, CatalogueModule, Diagnostic, LocalizedEntry, Severity, SourcePosition } from '@errcat/schema';
import { ruleLevels, type SdkCheckReport, type SdkFinding, type SdkFindingDetails, type SdkPlace, type SdkRuleId } from './check-types.js';
import { alikeMessages, compareMessages, digitNeighbours, digitSlip, sameMessageLoosely } from './messages.js';
import type { SdkEnum, SdkEnumMember, SdkIndex, SdkThrow } from './types.js';

function basename(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

/** Members that name success, not an error (`SUCCESS = 12500000`, `ERROR_OK`). */
const successName = /^(?:success|ok|error_ok|err_ok|no_error|none)$/i;

/** Codes of the universal page, thrown by APIs of every kit. */
export const universalCodes: readonly number[] = [201, 202, 203, 401, 801];

/** Options of {@link checkSdk}. */
export interface CheckSdkOptions {
  /** How SDK paths are shown: this prefix and `/` before each file of the index (default `sdk`). */
  sdkRoot?: string;
  /** Codes every API may throw, documented on the universal page (default {@link universalCodes}). */
  universal?: readonly number[];
  /** Diagnostics of the pages (parse and merge), carried into the report. */
  diagnostics?: readonly Diagnostic[];
}

/** A kit's name reduced for matching: `AVSession Kit`, `apis-avsession-kit` and `AVSessionKit` agree. */
export function kitKey(name: string): string {
  let key = kitKeys.get(name);
  if (key === undefined) {
    key = name
      .replace(/^apis-/i, '')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
      .replace(/kit$/, '');
    kitKeys.set(name, key);
  }
  return key;
}

const kitKeys = new Map<string, string>();

/** A documented code as the check sees it. */
interface DocsCode {
  code: number;
  entry: CatalogueEntry;
  module: CatalogueModule;
  texts: LocalizedEntry;
  /** The runtime messages the page gives (one per variant where it has variants). */
  messages: string[];
  kit: string | undefined;
}

/** An enum of the SDK with its copies (dynamic and static editions). */
interface EnumFamily {
  name: string;
  copies: SdkEnum[];
}

/** Compare two codes or strings for sorting. */
function compare(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Cross-check documented codes with what the SDK declares.
 * @param catalogue The merged catalogue of the docs pages.
 * @param index The SDK index.
 * @param options How SDK paths are shown; the universal codes.
 */
export function checkSdk(catalogue: Catalogue, index: SdkIndex, options: CheckSdkOptions = {}): SdkCheckReport {
  return new CrossCheck(catalogue, index, options).run();
}

class CrossCheck {
  private readonly sdkRoot: string;
  private readonly universal: ReadonlySet<number>;
  private readonly documented = new Map<number, DocsCode>();
  /** Docs modules by kit key. */
  private readonly modulesOfKit = new Map<string, CatalogueModule[]>();
  /** Display name of each kit key: the docs' where they name it. */
  private readonly kitNames = new Map<string, string>();
  private readonly throwsOf = new Map<number, SdkThrow[]>();
  private readonly enums: EnumFamily[] = [];
  private readonly findings: SdkFinding[] = [];
  private readonly documentedInFamily = new Map<EnumFamily, DocsCode[]>();
  private readonly pageDiagnostics: Diagnostic[];

  constructor(
    private readonly catalogue: Catalogue,
    private readonly index: SdkIndex,
    options: CheckSdkOptions,
  ) {
    this.sdkRoot = options.sdkRoot ?? 'sdk';
    this.pageDiagnostics = [...(options.diagnostics ?? [])];
    this.universal = new Set(options.universal ?? universalCodes);
    // Kits are shown as the pages name them (`AVSession Kit`), else as the SDK does (`AbilityKit`), else by folder.
    for (const module of Object.values(catalogue.modules)) {
      const kit = docsKit(module);
      if (kit === undefined) continue;
      const key = kitKey(kit);
      const modules = this.modulesOfKit.get(key);
      if (modules) modules.push(module);
      else this.modulesOfKit.set(key, [module]);
      if (module.metadata.kit && !this.kitNames.has(key)) this.kitNames.set(key, module.metadata.kit);
    }
    for (const entry of Object.values(catalogue.errors)) {
      const module = catalogue.modules[entry.module];
      const texts = entry.locales[catalogue.defaultLocale] ?? Object.values(entry.locales)[0];
      if (!module || !texts) continue;
      const messages = [texts.message, ...(texts.variants ?? []).map((variant) => variant.message)].filter((message) => message.trim() !== '');
      this.documented.set(entry.code, { code: entry.code, entry, module, texts, messages: [...new Set(messages)], kit: docsKit(module) });
    }
    for (const thrown of index.throws) {
      const list = this.throwsOf.get(thrown.code);
      if (list) list.push(thrown);
      else this.throwsOf.set(thrown.code, [thrown]);
      if (thrown.kit !== undefined && !this.kitNames.has(kitKey(thrown.kit))) this.kitNames.set(kitKey(thrown.kit), thrown.kit);
    }
    for (const module of Object.values(catalogue.modules)) {
      const kit = docsKit(module);
      if (kit !== undefined && !this.kitNames.has(kitKey(kit))) this.kitNames.set(kitKey(kit), kit);
    }
    const families = new Map<string, SdkEnum[]>();
    for (const declared of index.enums) {
      const copies = families.get(declared.name);
      if (copies) copies.push(declared);
      else families.set(declared.name, [declared]);
    }
    for (const [name, copies] of families) this.enums.push({ name, copies: copies.sort((a, b) => Number(a.staticCopy ?? false) - Number(b.staticCopy ?? false) || compare(a.file, b.file)) });
  }

  run(): SdkCheckReport {
    const typos = this.likelyTypos();
    this.undocumented(typos);
    this.notThrown();
    this.visibility();
    this.messages();
    this.enumMembers();
    this.renamedMembers();
    const findings = this.findings.sort(
      (a, b) => compare(a.kit, b.kit) || a.code - b.code || compare(a.ruleId, b.ruleId) || compare(a.sdk?.file ?? '', b.sdk?.file ?? '') || (a.sdk?.line ?? 0) - (b.sdk?.line ?? 0),
    );
    const byLevel: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
    const byRule: Partial<Record<SdkRuleId, number>> = {};
    for (const finding of findings) {
      byLevel[finding.severity]++;
      byRule[finding.ruleId] = (byRule[finding.ruleId] ?? 0) + 1;
    }
    return {
      schemaVersion: 1,
      sdkRoot: this.sdkRoot,
      sdk: { files: this.index.files, throws: this.index.throws.length, codes: this.throwsOf.size, enums: this.index.enums.length, uncoded: this.index.uncoded },
      docs: { modules: Object.keys(this.catalogue.modules).length, codes: this.documented.size },
      kits: [...this.modulesOfKit.keys()].map((key) => this.kitNames.get(key)!).sort(compare),
      findings,
      sdkDiagnostics: this.index.diagnostics.map((diagnostic) => ({ ...diagnostic, position: this.shownPosition(diagnostic.position) })),
      diagnostics: this.pageDiagnostics,
      summary: { byLevel, byRule },
    };
  }

  // ---- rules ---------------------------------------------------------------------------------

  /** Undocumented codes one digit away from a documented code whose message they carry. */
  private likelyTypos(): Set<number> {
    const typos = new Set<number>();
    // A code written wrong sits in a file that throws the code it means elsewhere; a code of
    // another family that happens to share a generic message ("Internal error.") does not.
    const codesOfFile = new Map<string, Set<number>>();
    for (const thrown of this.index.throws) {
      const codes = codesOfFile.get(thrown.file);
      if (codes) codes.add(thrown.code);
      else codesOfFile.set(thrown.file, new Set([thrown.code]));
    }
    // The numbers one digit away from each documented code, and the codes they are one digit from.
    const slipsOf = new Map<number, number[]>();
    for (const docs of this.documented.values()) {
      if (this.universal.has(docs.code)) continue;
      for (const neighbour of digitNeighbours(docs.code)) {
        const meant = slipsOf.get(neighbour);
        if (meant) meant.push(docs.code);
        else slipsOf.set(neighbour, [docs.code]);
      }
    }
    for (const [code, sites] of this.throwsOf) {
      if (this.documented.has(code) || this.universal.has(code)) continue;
      for (const neighbour of (slipsOf.get(code) ?? []).sort((a, b) => a - b)) {
        const meant = this.documented.get(neighbour)!;
        const carrying = sites.filter(
          (site) => codesOfFile.get(site.file)!.has(neighbour) && meant.messages.some((message) => alikeMessages(message, site.message)),
        );
        if (carrying.length === 0) continue;
        const slip = digitSlip(code, neighbour)!;
        const site = firstSite(carrying);
        typos.add(code);
        this.add('sdk-code-likely-typo', code, {
          position: meant.texts.position,
          site,
          kit: meant.kit ?? site.kit,
          module: meant.module.name,
          message: `code ${code} is thrown by ${describeApis(sites)} but is on none of the pages checked; it is one digit from ${neighbour} (a digit ${slip}) and carries its message "${meant.messages[0]}": probably ${neighbour}`,
          details: { suggestion: neighbour, slip, sites: sites.length, apis: apisOf(sites) },
        });
        break;
      }
    }
    return typos;
  }

  /** Codes the SDK throws in the docs' kits that no page documents. */
  private undocumented(typos: ReadonlySet<number>): void {
    for (const [code, sites] of this.throwsOf) {
      if (this.documented.has(code) || this.universal.has(code) || typos.has(code)) continue;
      const inScope = sites.filter((site) => this.inScope(site.kit));
      if (inScope.length === 0) continue;
      const site = firstSite(inScope);
      const near = this.sameFamily(code, this.nearestDocumented(code, kitKey(site.kit!)));
      const where = near ? `; the ${near.module.name} page lists the codes next to it` : '';
      this.add('sdk-code-undocumented', code, {
        position: near?.texts.position,
        site,
        kit: site.kit!,
        ...(near && { module: near.module.name }),
        message: `code ${code} is thrown by ${describeApis(inScope)} but is on none of the pages checked${where}`,
        details: { sites: inScope.length, apis: apisOf(inScope), ...(near && { near: near.code }) },
      });
    }
  }

  /** Documented codes no API throws and no enum holds. */
  private notThrown(): void {
    const inEnums = new Set<number>();
    for (const family of this.enums) {
      if (!this.holdsCodes(family)) continue;
      for (const copy of family.copies) for (const member of copy.members) if (member.value !== undefined) inEnums.add(member.value);
    }
    for (const docs of this.documented.values()) {
      if (this.throwsOf.has(docs.code) || inEnums.has(docs.code)) continue;
      this.add('docs-code-not-thrown', docs.code, {
        position: docs.texts.position,
        kit: docs.kit,
        module: docs.module.name,
        message: `code ${docs.code} is documented but no SDK API throws it and no SDK enum holds it (it may be retired, or thrown without a @throws)`,
        details: {},
      });
    }
  }

  /** Public on the page but thrown only by system APIs, or system-only on the page but thrown by a public API. */
  private visibility(): void {
    // A code a public enum of codes holds is part of the public API even when only system APIs declare it.
    const inPublicEnums = new Map<number, string>();
    for (const family of this.enums) {
      if (!this.holdsCodes(family)) continue;
      for (const copy of family.copies) {
        for (const member of copy.members) {
          if (member.value !== undefined && !member.systemOnly && !inPublicEnums.has(member.value)) inPublicEnums.set(member.value, `${family.name}.${member.name}`);
        }
      }
    }
    for (const docs of this.documented.values()) {
      if (this.universal.has(docs.code)) continue;
      const sites = this.throwsOf.get(docs.code);
      if (!sites) continue;
      const publicSites = sites.filter((site) => !site.systemOnly);
      const systemSites = sites.filter((site) => site.systemOnly);
      const counts = { docsVisibility: docs.entry.visibility, publicSites: publicSites.length, systemSites: systemSites.length, sites: sites.length };
      if (docs.entry.visibility === 'public' && publicSites.length === 0 && !inPublicEnums.has(docs.code)) {
        this.add('visibility-mismatch', docs.code, {
          position: docs.texts.position,
          site: firstSite(systemSites),
          kit: docs.kit,
          module: docs.module.name,
          message: `code ${docs.code} is documented as public but only system APIs throw it (${describeApis(systemSites)}): should its entry be inside <!--Del-->?`,
          details: { ...counts, apis: apisOf(systemSites) },
        });
      } else if (docs.entry.visibility === 'system' && publicSites.length > 0) {
        this.add('visibility-mismatch', docs.code, {
          position: docs.texts.position,
          site: firstSite(publicSites),
          kit: docs.kit,
          module: docs.module.name,
          message: `code ${docs.code} is documented inside <!--Del--> (system-only) but public APIs throw it (${describeApis(publicSites)})`,
          details: { ...counts, apis: apisOf(publicSites) },
        });
      }
    }
  }

  /** SDK messages that are not the page's runtime message. */
  private messages(): void {
    for (const docs of this.documented.values()) {
      if (this.universal.has(docs.code) || docs.messages.length === 0) continue;
      const sites = this.throwsOf.get(docs.code);
      if (!sites) continue;
      const byMessage = new Map<string, SdkThrow[]>();
      for (const site of sites) {
        const group = byMessage.get(site.message);
        if (group) group.push(site);
        else byMessage.set(site.message, [site]);
      }
      for (const [message, group] of byMessage) {
        const differences = docs.messages.map((documented) => ({ documented, difference: compareMessages(documented, message) }));
        if (differences.some((item) => item.difference === undefined)) continue;
        const closest = differences.find((item) => item.difference!.kind === 'cosmetic') ?? differences[0]!;
        const difference = closest.difference!;
        const site = firstSite(group);
        const details: SdkFindingDetails = { sdkMessage: message, docsMessage: closest.documented, sites: group.length, apis: apisOf(group) };
        let text: string;
        let severity: Severity = 'warning';
        if (difference.kind === 'missing') {
          details.difference = 'missing';
          severity = 'info';
          text = `code ${docs.code} is thrown with no message by ${describeApis(group)}; the page's runtime message is "${closest.documented}"`;
        } else if (difference.kind === 'extended') {
          details.difference = 'extended';
          text = `the SDK's message for ${docs.code}, "${message}", is the page's "${closest.documented}" with more text after it`;
        } else if (difference.kind === 'cosmetic') {
          details.difference = 'whitespace-case-punctuation';
          details.only = difference.only;
          severity = 'info';
          text = `the SDK's message for ${docs.code}, "${message}", differs from the page's "${closest.documented}" only in ${difference.only.join(' and ')}`;
        } else {
          const other = this.documentedWithMessage(message, docs);
          if (other) {
            details.difference = 'other-code';
            details.otherCode = other.code;
            text = `the SDK's message for ${docs.code}, "${message}", is the runtime message of ${other.code}; the page gives "${closest.documented}"`;
          } else {
            details.difference = 'wording';
            text = `the SDK's message for ${docs.code}, "${message}", is not the page's "${closest.documented}"`;
          }
        }
        this.add('message-mismatch', docs.code, {
          position: docs.texts.position,
          site,
          kit: docs.kit,
          module: docs.module.name,
          message: `${text} (${describePlaces(group)})`,
          details,
          severity,
        });
      }
    }
  }

  /** Members of enums of documented codes whose values no page documents. */
  private enumMembers(): void {
    for (const family of this.enums) {
      const homes = this.documentedIn(family);
      if (homes.length === 0) continue;
      const reported = new Set<number>();
      for (const copy of family.copies) {
        for (const member of copy.members) {
          const value = member.value;
          if (value === undefined || value === 0 || successName.test(member.name)) continue;
          if (reported.has(value) || this.documented.has(value) || this.universal.has(value)) continue;
          reported.add(value);
          const near = this.sameFamily(value, this.nearestIn(value, homes)) ?? homes[0];
          const site = this.memberPlace(family, copy, member);
          const thrown = this.throwsOf.get(value);
          this.add('sdk-enum-member-undocumented', value, {
            position: near?.texts.position,
            site,
            kit: near?.kit ?? copy.kit,
            ...(near && { module: near.module.name }),
            message: `${family.name}.${member.name} = ${value} is on none of the pages checked${thrown ? ` (thrown by ${describeApis(thrown)})` : ''}; the enum's other codes are on the ${homes[0]!.module.name} page`,
            details: { enum: family.name, member: member.name, ...(near && { near: near.code }) },
          });
        }
      }
    }
  }

  /** The same value named differently in two copies of an enum. */
  private renamedMembers(): void {
    for (const family of this.enums) {
      if (family.copies.length < 2) continue;
      const holdsDocumented = this.documentedIn(family).length > 0;
      if (!holdsDocumented && !(family.copies.some((copy) => copy.errorNamed) && family.copies.some((copy) => this.inScope(copy.kit)))) continue;
      const byValue = new Map<number, Array<{ copy: SdkEnum; member: SdkEnumMember }>>();
      for (const copy of family.copies) {
        for (const member of copy.members) {
          if (member.value === undefined) continue;
          byValue.set(member.value, [...(byValue.get(member.value) ?? []), { copy, member }]);
        }
      }
      for (const [value, named] of byValue) {
        const names = [...new Set(named.map((item) => item.member.name))];
        if (names.length < 2) continue;
        const docs = this.documented.get(value);
        const [first, second] = [named[0]!, named.find((item) => item.member.name !== named[0]!.member.name)!];
        const styleOnly = new Set(names.map(wordsOfName)).size === 1;
        const site = this.memberPlace(family, first.copy, first.member);
        const other = this.memberPlace(family, second.copy, second.member);
        this.add('sdk-enum-member-renamed', value, {
          position: docs?.texts.position ?? other,
          site,
          kit: docs?.kit ?? first.copy.kit,
          ...(docs && { module: docs.module.name }),
          message: `${family.name} names ${value} ${[first, second].map((item) => `"${item.member.name}" in ${basename(item.copy.file)}`).join(' and ')}${styleOnly ? ' (the same words in another case style)' : ''}`,
          details: {
            enum: family.name,
            names: named.map((item) => ({ name: item.member.name, file: this.shown(item.copy.file), line: item.member.line })),
          },
          severity: styleOnly ? 'info' : 'warning',
        });
      }
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private add(
    ruleId: SdkRuleId,
    code: number,
    finding: {
      position: SourcePosition | undefined;
      site?: SdkPlace | SdkThrow;
      kit: string | undefined;
      module?: string;
      message: string;
      details: SdkFindingDetails;
      severity?: Severity;
    },
  ): void {
    const sdk = finding.site ? this.place(finding.site) : undefined;
    const position = finding.position ?? sdk;
    if (!position) return;
    const result: SdkFinding = {
      severity: finding.severity ?? ruleLevels[ruleId],
      ruleId,
      message: finding.message,
      position: { file: position.file, line: position.line, column: position.column },
      code,
      kit: finding.kit !== undefined ? (this.kitNames.get(kitKey(finding.kit)) ?? finding.kit) : '(no kit)',
      ...(finding.module !== undefined && { module: finding.module }),
      details: finding.details,
    };
    if (sdk) {
      result.sdk = sdk;
      if (finding.position) result.related = { file: sdk.file, line: sdk.line, column: sdk.column };
    }
    this.findings.push(result);
  }

  private place(site: SdkPlace | SdkThrow): SdkPlace {
    if ('code' in site) return { file: this.shown(site.file), line: site.line, column: site.column, api: site.api };
    return site;
  }

  private memberPlace(family: EnumFamily, copy: SdkEnum, member: SdkEnumMember): SdkPlace {
    return { file: this.shown(copy.file), line: member.line, column: member.column, api: `${family.name}.${member.name}` };
  }

  private shown(file: string): string {
    return `${this.sdkRoot}/${file}`;
  }

  private shownPosition(position: SourcePosition): SourcePosition {
    return { ...position, file: this.shown(position.file) };
  }

  /** The SDK kit is one the docs pages belong to. */
  private inScope(kit: string | undefined): boolean {
    return kit !== undefined && this.modulesOfKit.has(kitKey(kit));
  }

  /**
   * The documented code when it is of the same family as `code`: as many digits and the same
   * ones but the last three (6600110 and 6600109), so a page would list the two together.
   */
  private sameFamily(code: number, docs: DocsCode | undefined): DocsCode | undefined {
    if (!docs) return undefined;
    const a = String(code);
    const b = String(docs.code);
    return a.length === b.length && a.length > 3 && a.slice(0, -3) === b.slice(0, -3) ? docs : undefined;
  }

  /** The documented code closest to `code` among the modules of a kit. */
  private nearestDocumented(code: number, kit: string): DocsCode | undefined {
    const modules = new Set(this.modulesOfKit.get(kit) ?? []);
    return this.nearestIn(
      code,
      [...this.documented.values()].filter((docs) => modules.has(docs.module)),
    );
  }

  private nearestIn(code: number, candidates: readonly DocsCode[]): DocsCode | undefined {
    let best: DocsCode | undefined;
    for (const candidate of candidates) {
      if (!best || Math.abs(candidate.code - code) < Math.abs(best.code - code) || (Math.abs(candidate.code - code) === Math.abs(best.code - code) && candidate.code < best.code)) best = candidate;
    }
    return best;
  }

  /** Documented codes an enum family holds (non-universal), the module holding most of them first. */
  private documentedIn(family: EnumFamily): DocsCode[] {
    const known = this.documentedInFamily.get(family);
    if (known) return known;
    const found = new Map<number, DocsCode>();
    for (const copy of family.copies) {
      for (const member of copy.members) {
        const docs = member.value === undefined || this.universal.has(member.value) ? undefined : this.documented.get(member.value);
        if (docs) found.set(docs.code, docs);
      }
    }
    const perModule = new Map<string, number>();
    for (const docs of found.values()) perModule.set(docs.module.name, (perModule.get(docs.module.name) ?? 0) + 1);
    const sorted = [...found.values()].sort((a, b) => perModule.get(b.module.name)! - perModule.get(a.module.name)! || a.code - b.code);
    this.documentedInFamily.set(family, sorted);
    return sorted;
  }

  /** An enum of error codes: named as errors, or holding a documented code. */
  private holdsCodes(family: EnumFamily): boolean {
    return family.copies.some((copy) => copy.errorNamed) || this.documentedIn(family).length > 0;
  }

  /**
   * Another code of the same module, or a universal code, whose runtime message this is
   * (loosely). Codes of other kits are left out: their generic messages ("Internal error.")
   * say nothing about this one.
   */
  private documentedWithMessage(message: string, self: DocsCode): DocsCode | undefined {
    for (const docs of this.documented.values()) {
      if (docs.code === self.code || (docs.module !== self.module && !this.universal.has(docs.code))) continue;
      if (docs.messages.some((documented) => sameMessageLoosely(documented, message))) return docs;
    }
    return undefined;
  }
}

/** Kit of a docs module: its `<!--Kit: …-->`, else its `apis-<kit>` folder. */
function docsKit(module: CatalogueModule): string | undefined {
  if (module.metadata.kit) return module.metadata.kit;
  if (module.kitFolder && /^apis-/i.test(module.kitFolder)) return module.kitFolder;
  return undefined;
}

/** The place to show for several: a dynamic edition's first, static copies last. */
function firstSite(sites: readonly SdkThrow[]): SdkThrow {
  return [...sites].sort((a, b) => Number(a.staticCopy ?? false) - Number(b.staticCopy ?? false) || compare(a.file, b.file) || a.line - b.line)[0]!;
}

function apisOf(sites: readonly SdkThrow[]): string[] {
  return [...new Set(sites.map((site) => site.api))];
}

function describeApis(sites: readonly SdkThrow[]): string {
  const apis = apisOf(sites);
  const shown = apis.slice(0, 3).join(', ');
  return apis.length > 3 ? `${shown} and ${apis.length - 3} more` : shown;
}

function describePlaces(sites: readonly SdkThrow[]): string {
  const apis = apisOf(sites).length;
  return `${sites.length} ${sites.length === 1 ? 'place' : 'places'}, ${apis} ${apis === 1 ? 'API' : 'APIs'}`;
}

/** The words of a member name, whatever its case style (`HostMismatch`, `HOST_MISMATCH` → `host mismatch`). */
function wordsOfName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[_\s]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase())
    .join(' ');
}
