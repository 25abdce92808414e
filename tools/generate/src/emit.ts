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
 * Type-check the generated sources and emit JavaScript and declarations in memory.
 * A type error here is a bug of the generators, never of the input, so it throws.
 * @param project A project filled with generated sources.
 */
export function emitProject(project: Project): EmittedFile[] {
  const diagnostics = project.getPreEmitDiagnostics();
  if (diagnostics.length > 0) {
    const shown = diagnostics.slice(0, 5).map((diagnostic) => {
      const file = diagnostic.getSourceFile();
      const where = file ? `${file.getFilePath()}:${diagnostic.getLineNumber() ?? 0}` : '(program)';
      return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.compilerObject.messageText, '\n')}`;
    });
    throw new Error(`generated code does not type-check (${diagnostics.length} errors):\n${shown.join('\n')}`);
  }
  const result = project.emitToMemory();
  const emitErrors = result.getDiagnostics();
  if (emitErrors.length > 0) throw new Error(`emitting generated code failed: ${String(emitErrors[0]!.getMessageText())}`);
  return result.getFiles().map((file) => ({ path: file.filePath, text: file.text }));
}
