// Every property test draws the same cases on every run, so a CI run cannot go red on a case no
// earlier run drew. ERRCAT_PROPERTY_SEED=<number> draws other cases; ERRCAT_PROPERTY_SEED=random, new ones
// each run (a failure prints the seed and path that reproduce it).
import fc from 'fast-check';

const asked = process.env['ERRCAT_PROPERTY_SEED'];
if (asked !== 'random') {
  const seed = asked === undefined ? 20261201 : Number(asked);
  if (!Number.isSafeInteger(seed)) throw new Error(`ERRCAT_PROPERTY_SEED must be an integer or "random", not ${JSON.stringify(asked)}`);
  fc.configureGlobal({ seed });
}
