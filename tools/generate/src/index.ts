export { generatePackages } from './generate.js';
export type { GeneratedFile, GenerateCache, GenerateOptions, GenerateResult, ThrowingApi } from './generate.js';
export { assignNames, fallbackName, isSafeIdentifier, nameFromTitle, typePrefix } from './naming.js';
export type { AddedAlias, ModuleNames, NameMap, NamingInput, NamingProblem, RecordedName, RecordedNameMap, RecordedNames } from './naming.js';
export { jsDocText, stringLiteral } from './literals.js';
export { packageName, packageSlug } from './package.js';
export { codeDeclarationNames } from './module-code.js';
export { LOCALE_ALIASES, RUNTIME_FOLDER } from './runtime.js';
export { cataloguePackage, cataloguePackageDir } from './catalogue-package.js';
