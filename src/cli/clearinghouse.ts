/**
 * The clearinghouse connector from the command line (its settings: ./connector.ts):
 * `stateline clearinghouse sandbox --dir D` runs the sandbox clearinghouse until Ctrl-C,
 * `stateline clearinghouse poll` reads the inbox once into the database, and
 * `stateline clearinghouse send-export ID` sends an X12 claim export, once.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { SYSTEM } from "../app/actor.js";
import { inboxLine, processInbox, submitClaimExport } from "../app/clearinghouse.js";
import type { Clearinghouse } from "../app/clearinghouse-port.js";
import { AppError } from "../app/errors.js";
import { SandboxClearinghouse } from "../clearinghouse/sandbox.js";
import { createStore } from "../store/store.js";
import { openConnector } from "./connector.js";
import { UsageError, write, type Io } from "./io.js";
import { openDb } from "./serve.js";

export async function runClearinghouse(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "sandbox") return runSandbox(rest, io);
  if (sub === "poll") return runPoll(io);
  if (sub === "send-export") return runSendExport(rest, io);
  throw new UsageError(`expected "clearinghouse sandbox|poll|send-export", got "clearinghouse ${sub ?? ""}"`);
}

async function runSandbox(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { dir: { type: "string" } } });
  const dir = values.dir ?? process.env.STATELINE_MAILBOX_DIR;
  if (!dir) throw new UsageError("--dir: the mailbox folder to answer (it holds outbox/ and inbox/)");
  const sandbox = new SandboxClearinghouse({
    dir,
    log: (line) => {
      write(io.stdout, line);
    },
  });
  await sandbox.start();
  write(
    io.stderr,
    `Sandbox clearinghouse (made-up test answers) watching ${resolve(dir, "outbox")}; Ctrl-C to stop.`,
  );
  await new Promise<void>((done) => {
    process.once("SIGINT", () => {
      done();
    });
    process.once("SIGTERM", () => {
      done();
    });
  });
  await sandbox.stop();
  return 0;
}

async function withConnector(
  io: Io,
  work: (c: Clearinghouse, store: ReturnType<typeof createStore>) => Promise<number>,
) {
  const connector = await openConnector();
  if (!connector.clearinghouse)
    throw new UsageError(
      "no clearinghouse: set STATELINE_CLEARINGHOUSE=mailbox and STATELINE_MAILBOX_DIR (or =sandbox)",
    );
  write(io.stderr, connector.description);
  const db = await openDb(io);
  try {
    return await work(connector.clearinghouse, createStore(db.kysely));
  } finally {
    await db.close();
  }
}

async function runPoll(io: Io): Promise<number> {
  return withConnector(io, async (clearinghouse, store) => {
    const report = await processInbox(store, clearinghouse, null, new Date());
    for (const f of report.files) write(io.stdout, inboxLine(f));
    write(io.stderr, `${report.files.length} file(s) read.`);
    return report.files.some((f) => f.status === "error") ? 1 : 0;
  });
}

async function runSendExport(args: string[], io: Io): Promise<number> {
  const [id] = args;
  if (!id) throw new UsageError("send-export: the export's id (see GET /api/v1/claim-exports)");
  return withConnector(io, async (clearinghouse, store) => {
    try {
      const sent = await submitClaimExport(store, clearinghouse, SYSTEM, id, new Date());
      write(io.stdout, `${sent.name} sent (file ${sent.id})`);
      return 0;
    } catch (e) {
      if (e instanceof AppError) {
        write(io.stderr, e.message);
        for (const f of e.extra.fields ?? []) write(io.stderr, `  ${f.path}: ${f.message}`);
        return 1;
      }
      throw e;
    }
  });
}
