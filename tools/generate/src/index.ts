export { generatePackages } from './generate.js';
export type { GeneratedFile, GenerateCache, GenerateOptions, GenerateResult } from './generate.js';
export { assignNames, fallbackName, isSafeIdentifier, nameFromTitle, typePrefix } from './naming.js';
export type { ModuleNames, NameMap, NamingInput, NamingProblem } from './naming.js';
export { jsDocText, stringLiteral } from './literals.js';
export { packageName, packageSlug } from './package.js';
export { LOCALE_ALIASES, codeDeclarationNames } from './sources.js';
export { cataloguePackage, cataloguePackageDir } from './catalogue-package.js';
