// GitHub workflow commands, in a module of their own so a reporter can write them without
// loading the diff (its Markdown printer and changeset reader).

/** Escaping of a workflow command's message (GitHub's toolkit rules). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a workflow command's property values. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * One GitHub workflow command: `::<kind> key=value,…::message`, values and message escaped.
 * @param kind `error`, `warning` or `notice`.
 * @param properties Properties in order (`file`, `line`, `col`, `title`, …).
 * @param message Message (may hold new lines).
 */
export function workflowCommand(kind: 'error' | 'warning' | 'notice', properties: ReadonlyArray<readonly [string, string | number]>, message: string): string {
  const shown = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  return `::${kind}${shown ? ` ${shown}` : ''}::${escapeData(message)}`;
}
