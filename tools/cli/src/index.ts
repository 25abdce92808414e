export { main, usage } from './main.js';
export { processIo } from './io.js';
export type { CliIo, Writer } from './io.js';
export { formatDiagnostic, formatDiagnostics, sortDiagnostics } from './report.js';
