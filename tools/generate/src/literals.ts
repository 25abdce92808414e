/**
 * A JavaScript string literal that evaluates to exactly `value` and is safe anywhere: quotes,
 * backslashes and control characters are escaped by JSON rules, lone surrogates become `\u` escapes,
 * U+2028/U+2029 are escaped for older parsers, and `<`/`>` are escaped so that the code can be
 * inlined in HTML (`</script>`, `<!--`) without ending the script. Other characters stay as they are.
 * @param value Any string.
 */
export function stringLiteral(value: string): string {
  return JSON.stringify(value).replace(/[\u2028\u2029<>]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Text made safe for a JSDoc comment: a star followed by a slash cannot end the comment, a line cannot open with `@`
 * (which would read as a tag), and line breaks are normalised to LF.
 * @param text Plain text or Markdown.
 */
export function jsDocText(text: string): string {
  return text
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/\*\//g, '*\\/')
    .replace(/^(\s*)@/gm, '$1\\@')
    .trim();
}
