/**
 * Edit distance with adjacent transpositions (optimal string alignment), so `chekc` is one
 * edit from `check`.
 * @param a One word.
 * @param b Another.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The candidate nearest to what was typed, when it is near enough to be a slip: at most a third
 * of the longer word's letters apart (at least 1, at most 3), or a prefix of at least 3 letters
 * of exactly one candidate. Ties go to the first candidate.
 * @param typed What the user typed.
 * @param candidates Known words.
 */
export function nearest(typed: string, candidates: Iterable<string>): string | undefined {
  const words = [...candidates];
  const lower = typed.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const word of words) {
    const distance = editDistance(lower, word.toLowerCase());
    const limit = Math.min(3, Math.max(1, Math.floor(Math.max(typed.length, word.length) / 3)));
    if (distance <= limit && distance < bestDistance) {
      best = word;
      bestDistance = distance;
    }
  }
  if (best !== undefined) return best;
  const prefixed = lower.length >= 3 ? words.filter((word) => word.toLowerCase().startsWith(lower)) : [];
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/**
 * The hint after an unknown word: ` (did you mean 'explain'?)` when a candidate is near, else
 * the fallback, e.g. ` (see 'errcat --help')`.
 * @param typed What the user typed.
 * @param candidates Known words, as they are to be shown.
 * @param fallback Hint when nothing is near.
 */
export function didYouMean(typed: string, candidates: Iterable<string>, fallback: string): string {
  const match = nearest(typed, candidates);
  return match === undefined ? fallback : ` (did you mean '${match}'?)`;
}
