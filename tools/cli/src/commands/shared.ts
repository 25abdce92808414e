import { usageError } from '@errcat/build';

/**
 * Read a `--jobs` value.
 * @param value The flag's value, if given.
 * @returns A positive integer, or undefined when not given.
 */
export function parseJobs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1) throw usageError(`--jobs must be a positive integer (got '${value}')`);
  return jobs;
}
