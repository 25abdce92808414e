// What a terminal gets that a pipe does not: colour and a progress line.
import { styleText } from 'node:util';
import type { CliIo, Writer } from './io.js';

type Environment = Readonly<Record<string, string | undefined>>;

/** A text style of node's `util.styleText`. */
export type Style = Parameters<typeof styleText>[0];

/** Paints text, or leaves it as it is when colour is off. */
export type Paint = (style: Style, text: string) => string;

/**
 * Whether to colour what goes to a stream, as the conventions of the field have it:
 * `FORCE_COLOR` (any value but `0` or `false`) turns colour on even in a pipe and wins over
 * `NO_COLOR`; a non-empty `NO_COLOR` (no-color.org) turns it off; else colour goes only to a
 * terminal that is not `TERM=dumb`.
 * @param isTTY Whether the stream is a terminal.
 * @param env Environment variables.
 */
export function colorEnabled(isTTY: boolean, env: Environment): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  return isTTY && env['TERM'] !== 'dumb';
}

/**
 * A painter for one stream.
 * @param color Whether colour is on.
 */
export function painter(color: boolean): Paint {
  // validateStream: false — the decision is ours (made for the io's stream, not process.stdout).
  return color ? (style, text) => (text === '' ? text : styleText(style, text, { validateStream: false })) : (_style, text) => text;
}

/** Whether standard error is a terminal (false when the io does not say). */
export function stderrIsTTY(io: CliIo): boolean {
  return io.stderrIsTTY === true;
}

/** The painter for what a command prints on standard output. */
export function stdoutPaint(io: CliIo): Paint {
  return painter(colorEnabled(io.isTTY, io.env));
}

/** The painter for what a command prints on standard error. */
export function stderrPaint(io: CliIo): Paint {
  return painter(colorEnabled(stderrIsTTY(io), io.env));
}

/** Whether a CI service runs us (`CI` set to anything but `false` or `0`). */
export function underCi(env: Environment): boolean {
  const ci = env['CI'];
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** What a long command is doing, for the progress line. */
export interface ProgressState {
  /** What it does, e.g. `parsing pages`. */
  label: string;
  /** Items done so far, when counted. */
  done?: number;
  /** Items in all, when known. */
  total?: number;
}

/** A progress line on standard error; every method is a no-op when progress is off. */
export interface Progress {
  /** Say what the command does now; draws when it has run long enough. */
  update(state: ProgressState): void;
  /** Remove the line for good (before the command prints its results). */
  stop(): void;
  /** The io to print through while the line may be shown: each write clears the line first. */
  readonly io: CliIo;
}

/** Settings of {@link createProgress}, for tests. */
export interface ProgressOptions {
  /** Milliseconds before the line first appears (default 1000: short work shows nothing). */
  delay?: number;
  /** Milliseconds between redraws (default 100). */
  interval?: number;
  /** Clock (default `Date.now`). */
  now?: () => number;
  /** Whether progress was turned off (`--quiet`). */
  quiet?: boolean;
}

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Whether a command may show progress: standard error is a terminal, not under CI, not quiet,
 * and the terminal is not `TERM=dumb`.
 * @param io Process io.
 * @param quiet Whether the command was asked to be quiet.
 */
export function progressEnabled(io: CliIo, quiet = false): boolean {
  return !quiet && stderrIsTTY(io) && !underCi(io.env) && io.env['TERM'] !== 'dumb';
}

/**
 * A progress line for a command that may run long. It appears only after `delay` ms, redraws at
 * most every `interval` ms — from a timer while the event loop is free and from each
 * {@link Progress.update} while synchronous work holds it — and is cleared before anything
 * else is printed.
 * @param io Process io.
 * @param command Command name, shown first (`errcat check`).
 * @param options Delay, interval, clock, quiet.
 */
export function createProgress(io: CliIo, command: string, options: ProgressOptions = {}): Progress {
  if (!progressEnabled(io, options.quiet)) return { update: () => {}, stop: () => {}, io };
  const now = options.now ?? Date.now;
  const delay = options.delay ?? 1000;
  const interval = options.interval ?? 100;
  const paint = stderrPaint(io);
  const started = now();
  let state: ProgressState = { label: 'working' };
  let shown = false;
  let lastDraw = -Infinity;
  let frame = 0;
  let stopped = false;

  const clear = () => {
    if (shown) io.stderr('\r\u001b[K');
    shown = false;
  };
  const draw = (force: boolean) => {
    const time = now();
    if (stopped || time - started < delay || (!force && time - lastDraw < interval)) return;
    lastDraw = time;
    const count = state.done === undefined ? '' : state.total === undefined ? ` ${state.done}` : ` ${state.done}/${state.total}`;
    const seconds = `${((time - started) / 1000).toFixed(1)} s`;
    const text = `${paint('cyan', frames[frame++ % frames.length]!)} ${command}: ${state.label}${count} ${paint('dim', seconds)}`;
    io.stderr(`\r${text}\u001b[K`);
    shown = true;
  };
  const timer = setInterval(() => draw(false), interval);
  timer.unref();
  const through = (writer: Writer): Writer => (text) => {
    clear();
    writer(text);
  };
  return {
    update(next) {
      state = next;
      draw(false);
    },
    stop() {
      if (stopped) return;
      clearInterval(timer);
      clear();
      stopped = true;
    },
    io: { ...io, stdout: through(io.stdout), stderr: through(io.stderr) },
  };
}
