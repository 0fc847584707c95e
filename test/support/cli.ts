/**
 * Runs `stateline` as the tests' outside caller: `stateline()` calls `main(argv, io)` in this
 * process, with the input as standard input and both outputs captured (no process to start,
 * so a call costs milliseconds); `spawnStateline()` runs the built command (bin/ → dist/) as a
 * child process, for the smoke tests that check the packaging.
 */
import { spawn } from "node:child_process";
import { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { main } from "../../src/cli/main.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const BIN = fileURLToPath(new URL("../../bin/stateline.js", import.meta.url));

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Variables to set for one call; `undefined` removes one (such as DATABASE_URL). */
export type Env = Readonly<Record<string, string | undefined>>;

const text = (input: string | object | undefined) =>
  input === undefined ? "" : typeof input === "string" ? input : JSON.stringify(input);

/** A stream that keeps what is written to it (not a terminal: no colours, no progress bars). */
function capture(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

/** Calls run one at a time: each sets process-wide state (environment, exit code) for its run. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * `stateline ARGS` in this process. The environment is the test process's with NO_COLOR=1 and
 * `env` on top, set for the call and restored after it, as is `process.exitCode`.
 */
export function stateline(args: readonly string[], input?: string | object, env: Env = {}): Promise<Run> {
  const run = queue.then(() => runInProcess(args, input, env));
  queue = run.catch(() => undefined);
  return run;
}

async function runInProcess(args: readonly string[], input: string | object | undefined, env: Env) {
  const vars: Env = { NO_COLOR: "1", ...env };
  const saved: Env = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const exitCode = process.exitCode;
  const stdout = capture();
  const stderr = capture();
  setEnv(process.env, vars);
  try {
    const status = await main(args, {
      stdin: Readable.from([Buffer.from(text(input))]),
      stdout: stdout.stream,
      stderr: stderr.stream,
    });
    return { status, stdout: stdout.text(), stderr: stderr.text() };
  } finally {
    setEnv(process.env, saved);
    process.exitCode = exitCode;
  }
}

function setEnv(target: NodeJS.ProcessEnv, values: Env): void {
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) Reflect.deleteProperty(target, k);
    else target[k] = v;
  }
}

/** The built command as a child process (nothing shared: run several at once freely). */
export function spawnStateline(
  args: readonly string[],
  input?: string | object,
  env: Env = {},
): Promise<Run> {
  const vars: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  setEnv(vars, env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: vars });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => {
      out.push(c);
    });
    child.stderr.on("data", (c: Buffer) => {
      err.push(c);
    });
    child.on("error", reject);
    child.on("close", (status) => {
      resolve({
        status,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      });
    });
    child.stdin.end(text(input));
  });
}
