// `errcat check --sdk DIR`: the pages cross-checked with an SDK checkout. Reading the SDK and the
// cross-check are @errcat/sdk's; this parses the options and prints.
import { resolve } from 'node:path';
import { check, displayPath, ErrcatError, ExitCode, outputError, usageError, writeFileAtomic } from '@errcat/build';
import { failingCount, formatSdkReport, sdkFailOnValues, sdkReportFormats, type SdkFailOn, type SdkReportFormat } from '@errcat/sdk';
import { oneOf } from '../args.js';
import type { CliIo } from '../io.js';
import { defaultCacheDir } from '../locations.js';
import { openSdkOption } from './sdk-input.js';
import { parseJobs } from './shared.js';

/** The options `errcat check` takes for the SDK cross-check. */
export const sdkCheckOptions = {
  sdk: { type: 'string' },
  format: { type: 'string' },
  'fail-on': { type: 'string' },
  output: { type: 'string' },
  cache: { type: 'string' },
  'no-cache': { type: 'boolean', default: false },
  'sdk-url': { type: 'string' },
  'docs-url': { type: 'string' },
} as const;

export const sdkCheckUsage = `With --sdk DIR, the pages are also cross-checked with the SDK checkout in DIR (the folder
holding api/ and kits/ of openharmony/interface_sdk-js): codes thrown but undocumented or
likely mistyped, documented codes thrown nowhere, visibility and message mismatches, enum
members on no page or named differently between copies (rules in tools/sdk/README.md).

SDK options:
  --sdk DIR           the SDK checkout to cross-check with
  --format FORMAT     text (default), markdown, json or github
  --output FILE       write the report to FILE instead of standard output
  --fail-on LEVEL     error (default), warning, info or none: the least level that fails
  --cache DIR         keep the SDK index and parsed pages in DIR (default: $ERRCAT_CACHE_DIR,
                      else node_modules/.cache/errcat of errcat's installation)
  --no-cache          neither read nor write the cache
  --sdk-url URL       Markdown links to SDK files start with URL (e.g. a repository's blob/<ref>/)
  --docs-url URL      Markdown links to pages start with URL

Exit codes with --sdk: 0 nothing at or above --fail-on, 1 something is, 2 bad usage or
unreadable input, 3 the report could not be written.
`;

/** The parsed values `runSdkCheck` reads. */
export interface SdkCheckValues {
  sdk?: string | undefined;
  format?: string | undefined;
  'fail-on'?: string | undefined;
  output?: string | undefined;
  cache?: string | undefined;
  'no-cache'?: boolean | undefined;
  'sdk-url'?: string | undefined;
  'docs-url'?: string | undefined;
  jobs?: string | undefined;
}

/** SDK options given without --sdk. */
export function strayOptions(values: SdkCheckValues): string[] {
  return (Object.keys(sdkCheckOptions) as Array<keyof typeof sdkCheckOptions>).filter((name) => name !== 'sdk' && name !== 'no-cache' && values[name] !== undefined).concat(values['no-cache'] ? ['no-cache'] : []);
}

/**
 * Run `errcat check … --sdk DIR`.
 * @param values Parsed options.
 * @param positionals Pages and folders (default docs-source).
 * @param io Process io.
 * @returns Exit code.
 */
export async function runSdkCheck(values: SdkCheckValues, positionals: readonly string[], io: CliIo): Promise<number> {
  const format = oneOf<SdkReportFormat>('format', values.format ?? 'text', sdkReportFormats);
  const failOn = oneOf<SdkFailOn>('fail-on', values['fail-on'] ?? 'error', sdkFailOnValues);
  if (values['no-cache'] && values.cache !== undefined) throw usageError('--cache and --no-cache cannot go together');
  const jobs = parseJobs(values.jobs);
  const cacheRoot = values['no-cache'] ? undefined : values.cache !== undefined ? resolve(io.cwd, values.cache) : defaultCacheDir(io.env);
  const paths = positionals.length > 0 ? positionals : ['docs-source'];

  // When the SDK's files changed, this thread reads them while one worker parses the pages
  // (started first, as check() does before it first waits); when none did, the last
  // cross-check may hold for these pages.
  const { sdk, shown } = openSdkOption(values.sdk!, io, cacheRoot, jobs);
  const sdkChanged = sdk.unchangedDigest === undefined;
  const checking = check({
    paths: paths.map((path) => resolve(io.cwd, path)),
    cwd: io.cwd,
    ...(jobs !== undefined && { jobs }),
    ...(cacheRoot !== undefined && { cacheDir: cacheRoot }),
    ...(sdkChanged && jobs !== 1 && { parseInWorker: true }),
  });
  if (sdkChanged) sdk.read().catch(() => undefined);
  const pages = await checking;
  const report = await sdk.check(pages.catalogue, { sdkRoot: shown, diagnostics: pages.diagnostics });
  const output = formatSdkReport(report, format, {
    color: format === 'text' && io.isTTY && values.output === undefined && io.env['NO_COLOR'] === undefined,
    ...(values['sdk-url'] !== undefined && { sdkUrl: values['sdk-url'] }),
    ...(values['docs-url'] !== undefined && { docsUrl: values['docs-url'] }),
  });
  if (values.output !== undefined) {
    const target = resolve(io.cwd, values.output);
    const shown = displayPath(target, io.cwd);
    try {
      writeFileAtomic(target, output, shown);
    } catch (error) {
      // writeFileAtomic's comparison with the disk lets a raw ENOTDIR through.
      if (error instanceof ErrcatError) throw error;
      throw outputError(`cannot write ${shown}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  } else {
    io.stdout(output);
  }
  const failing = failingCount(report, failOn);
  if (failing > 0) {
    io.stderr(`errcat check: ${failing} finding(s) at or above '${failOn}'\n`);
    return ExitCode.failed;
  }
  return ExitCode.ok;
}
