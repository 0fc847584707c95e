/**
 * The daily re-check off the API's event loop: `recheckInWorker(url)` is the job runner's way to
 * run it (src/app/jobs.ts `RecheckRunner`) in a worker thread that opens its own connection pool
 * to the same PostgreSQL server, decides there, and sends back progress lines and its account.
 * The API's thread only waits for a message. (The embedded database is one connection inside the
 * server's own thread, so there the job runs in process, a chunk at a time; see jobs.ts.)
 *
 * This module is both sides: imported, it gives `recheckInWorker`; started as a worker (with
 * its `workerData`), it does the run.
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { recheckAll } from "../app/alerts/recheck.js";
import { recheckAccount, tenths, type RecheckRunner } from "../app/jobs.js";
import { loadReference } from "../reference/catalogue.js";
import { connect } from "../store/db.js";
import { createStore } from "../store/store.js";

interface WorkerInput {
  readonly kind: "stateline-recheck";
  readonly url: string;
  readonly today: string;
  /** ISO instant. */
  readonly now: string;
  readonly concurrency: number;
}

type WorkerMessage =
  { readonly type: "progress"; readonly line: string } | { readonly type: "done"; readonly account: string };

const isInput = (d: unknown): d is WorkerInput =>
  typeof d === "object" && d !== null && (d as { kind?: unknown }).kind === "stateline-recheck";

/** A job runner's re-check in a worker thread on the PostgreSQL server at `url`. */
export function recheckInWorker(url: string, options: { readonly concurrency?: number } = {}): RecheckRunner {
  return (today, now, log) =>
    new Promise<string>((resolve, reject) => {
      const file = new URL(import.meta.url);
      const input: WorkerInput = {
        kind: "stateline-recheck",
        url,
        today,
        now: now.toISOString(),
        concurrency: options.concurrency ?? 2,
      };
      // From source (development, tests) the worker loads this file through the TypeScript
      // loader, registered before the import.
      // A bounded heap keeps the server's memory flat: V8 would otherwise let the garbage of
      // a million decisions pile up before collecting it (a chunk needs a few tens of MB).
      const resourceLimits = { maxOldGenerationSizeMb: 192, maxYoungGenerationSizeMb: 16 };
      const worker = file.pathname.endsWith(".ts")
        ? new Worker(
            `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}); })`,
            { eval: true, workerData: input, resourceLimits },
          )
        : new Worker(file, { workerData: input, resourceLimits });
      let account: string | undefined;
      worker.on("message", (m: WorkerMessage) => {
        if (m.type === "progress") log(m.line);
        else account = m.account;
      });
      worker.on("error", reject);
      worker.on("exit", (code) => {
        if (account !== undefined) resolve(account);
        else reject(new Error(`the re-check worker stopped (exit code ${code}) before finishing`));
      });
    });
}

async function work(input: WorkerInput): Promise<void> {
  const post = (m: WorkerMessage) => parentPort?.postMessage(m);
  const db = await connect({ url: input.url });
  try {
    const report = await recheckAll(createStore(db.kysely), loadReference(), input.today, {
      now: new Date(input.now),
      concurrency: input.concurrency,
      onProgress: tenths((line) => post({ type: "progress", line })),
    });
    post({ type: "done", account: recheckAccount(report) });
  } finally {
    await db.close();
  }
}

if (!isMainThread && isInput(workerData)) {
  work(workerData).catch((e: unknown) => {
    // The error event gives the parent the reason; the exit code says it failed.
    throw e instanceof Error ? e : new Error(String(e));
  });
}
