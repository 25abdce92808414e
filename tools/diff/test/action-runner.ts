// Runs the shell steps of a composite GitHub Action the way a runner does: `${{ inputs.* }}` in
// `env` filled from the inputs and their defaults, each `run` as `sh -e <file>`, GITHUB_ACTION_PATH
// set to the action's folder. `uses:` steps (setting up Node) are skipped: Node is here already.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

interface ActionStep {
  name?: string;
  uses?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
}

interface ActionFile {
  inputs?: Record<string, { default?: string; required?: boolean }>;
  runs: { using: string; steps: ActionStep[] };
}

/** What running the action gave. */
export interface ActionRun {
  /** Exit code of the first step that failed, else 0. */
  code: number;
  stdout: string;
  stderr: string;
  /** Names of the steps that ran, and of those skipped (`uses:`). */
  ran: string[];
  skipped: string[];
}

/**
 * Read an action.yml.
 * @param file Absolute path.
 */
export function readAction(file: string): ActionFile {
  const action = parse(readFileSync(file, 'utf8')) as ActionFile;
  if (action.runs?.using !== 'composite') throw new Error(`${file}: not a composite action`);
  return action;
}

/**
 * Run a composite action's shell steps.
 * @param file The action.yml.
 * @param inputs Inputs given with `with:`.
 * @param options Working folder (the checked-out repository) and extra environment.
 */
export function runAction(file: string, inputs: Record<string, string>, options: { cwd: string; env: Record<string, string> }): ActionRun {
  const action = readAction(file);
  const declared = action.inputs ?? {};
  for (const name of Object.keys(inputs)) if (!(name in declared)) throw new Error(`the action has no input "${name}"`);
  const value = (name: string) => inputs[name] ?? declared[name]?.default ?? '';
  const expand = (text: string) =>
    text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expression: string) => {
      const input = /^inputs\.([A-Za-z0-9_-]+)$/.exec(expression);
      if (!input) throw new Error(`expression the local runner does not evaluate: ${expression}`);
      if (!(input[1]! in declared)) throw new Error(`the action has no input "${input[1]}"`);
      return value(input[1]!);
    });
  const scratch = mkdtempSync(join(tmpdir(), 'errcat-action-'));
  const result: ActionRun = { code: 0, stdout: '', stderr: '', ran: [], skipped: [] };
  try {
    action.runs.steps.forEach((step, index) => {
      const name = step.name ?? `step ${index + 1}`;
      if (result.code !== 0) return;
      if (step.uses !== undefined) {
        result.skipped.push(name);
        return;
      }
      if (step.shell !== 'sh' && step.shell !== 'bash') throw new Error(`${name}: shell ${String(step.shell)} is not run here`);
      if (step.run === undefined) throw new Error(`${name}: no run`);
      if (step.run.includes('${{')) throw new Error(`${name}: an expression pasted into the script (pass it through env)`);
      const script = join(scratch, `step-${index}.sh`);
      writeFileSync(script, step.run);
      const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([key, text]) => [key, expand(String(text))]));
      const run = spawnSync(step.shell, ['-e', script], {
        cwd: options.cwd,
        encoding: 'utf8',
        env: { ...options.env, ...env, GITHUB_ACTION_PATH: dirname(file), GITHUB_WORKSPACE: options.cwd },
      });
      result.ran.push(name);
      result.stdout += run.stdout;
      result.stderr += run.stderr;
      result.code = run.status ?? 1;
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return result;
}
