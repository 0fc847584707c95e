/** What a command needs from the outside world, passed in so tests can run commands in-process. */
import { readFile } from "node:fs/promises";
import { styleText } from "node:util";

export interface Io {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** A problem with how the command was called or with its input: exit status 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly lines: readonly string[] = [message],
  ) {
    super(message);
  }
}

export async function readSource(file: string | undefined, io: Io): Promise<string> {
  if (file === undefined) throw new UsageError("missing FILE (a JSON file, or - for standard input)");
  if (file === "-") {
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
    return Buffer.concat(chunks).toString("utf8");
  }
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new UsageError(`${source} is not valid JSON: ${(e as Error).message}`);
  }
}

type Style = Parameters<typeof styleText>[0];

/** Colours only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function painter(stream: { isTTY?: boolean }): (style: Style, text: string) => string {
  const on = stream.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== "dumb";
  return on ? (style, text) => styleText(style, text) : (_style, text) => text;
}

export function write(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text.endsWith("\n") ? text : `${text}\n`);
}
