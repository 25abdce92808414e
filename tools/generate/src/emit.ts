import type { Diagnostic } from 'ts-morph';
import { Project, ts } from 'ts-morph';
import type { ModuleFormat } from './sources.js';

/** Compiler settings of each format. Both emit ES2020 (Node 14+, every current bundler). */
const COMPILER_OPTIONS: Record<ModuleFormat, ts.CompilerOptions> = {
  esm: { module: ts.ModuleKind.ES2022, moduleResolution: ts.ModuleResolutionKind.Bundler },
  // CommonJS turns `import()` into a lazy `require`, so each locale still loads on first use.
  cjs: { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Bundler },
};

/**
 * An in-memory project for one module format. ts-morph does not give `.mts`/`.cts` files their
 * implied module format, so each format gets a project whose `module` setting decides it.
 * @param format The module format.
 */
export function createProject(format: ModuleFormat): Project {
  return new Project({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    compilerOptions: {
      ...COMPILER_OPTIONS[format],
      target: ts.ScriptTarget.ES2020,
      lib: ['lib.es2020.d.ts'],
      types: [],
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      declaration: true,
      removeComments: false,
      newLine: ts.NewLineKind.LineFeed,
      skipLibCheck: true,
    },
  });
}

/** One emitted file. */
export interface EmittedFile {
  /** Absolute path inside the in-memory file system. */
  path: string;
  text: string;
}

/**
 * Type-check the generated sources with the full compiler. A type error here is a bug of the
 * generators, never of the input, so it throws.
 * @param project A project filled with generated sources.
 */
export function typeCheckProject(project: Project): void {
  const diagnostics = project.getPreEmitDiagnostics();
  if (diagnostics.length === 0) return;
  throw new Error(`generated code does not type-check (${diagnostics.length} errors):\n${diagnostics.slice(0, 5).map(describeDiagnostic).join('\n')}`);
}

/**
 * Emit JavaScript and declarations in memory. The program is not type-checked first (see
 * {@link typeCheckProject}); an emit error still throws.
 * @param project A project filled with generated sources.
 */
export function emitProject(project: Project): EmittedFile[] {
  const result = project.emitToMemory();
  const problems = result.getDiagnostics();
  if (problems.length > 0) throw new Error(`emitting generated code failed:\n${problems.slice(0, 5).map(describeDiagnostic).join('\n')}`);
  return result.getFiles().map((file) => ({ path: file.filePath, text: file.text }));
}

function describeDiagnostic(diagnostic: Diagnostic): string {
  const file = diagnostic.getSourceFile();
  const where = file ? `${file.getFilePath()}:${diagnostic.getLineNumber() ?? 0}` : '(program)';
  return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.compilerObject.messageText, '\n')}`;
}
