import type { ErrorDocument, ErrorEntry } from '@errcat/schema';

/**
 * The public part of a full page's document: system-only entries and variants left out, public
 * texts used where an entry (or the intro) has system-only parts.
 * @param document Document parsed from a full page.
 */
export function publicPart(document: ErrorDocument): ErrorDocument {
  const { publicIntro, ...rest } = document;
  return {
    ...rest,
    intro: publicIntro ?? document.intro,
    errors: document.errors.filter((entry) => entry.visibility === 'public').map(publicEntry),
  };
}

function publicEntry(entry: ErrorEntry): ErrorEntry {
  if (!entry.publicTexts) return entry;
  const { publicTexts, intro: _intro, stub: _stub, variants: _variants, ...rest } = entry;
  const shown: ErrorEntry = { ...rest, ...publicTexts };
  return shown.variants ? { ...shown, variants: shown.variants.filter((variant) => variant.visibility === 'public') } : shown;
}
