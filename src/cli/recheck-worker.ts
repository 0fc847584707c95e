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
import type { RunProgress } from "../app/alerts/recheck-all.js";
import { recheckAll, type RecheckReport } from "../app/alerts/recheck.js";
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
  | { readonly type: "progress"; readonly progress: RunProgress }
  | { readonly type: "done"; readonly report: RecheckReport };

const isInput = (d: unknown): d is WorkerInput =>
  typeof d === "object" && d !== null && (d as { kind?: unknown }).kind === "stateline-recheck";

/**
 * The whole re-check (every provider) in a worker thread on the PostgreSQL server at `url`: the
 * report it made, with `onProgress` after each chunk. `stateline recheck` and the job runner both
 * run it so.
 *
 * The worker's heap is bounded, which keeps the process's memory flat whatever the size of the
 * run: V8 would otherwise let the garbage of a million decisions pile up before collecting it
 * (a chunk in flight needs a few tens of MB; 128 MB of old generation leaves room for three).
 */
export function recheckReportInWorker(
  url: string,
  today: string,
  now: Date,
  options: { readonly concurrency?: number; readonly onProgress?: (p: RunProgress) => void } = {},
): Promise<RecheckReport> {
  return new Promise<RecheckReport>((resolve, reject) => {
    const file = new URL(import.meta.url);
    const input: WorkerInput = {
      kind: "stateline-recheck",
      url,
      today,
      now: now.toISOString(),
      concurrency: options.concurrency ?? 2,
    };
    const resourceLimits = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 };
    // From source (development, tests) the worker loads this file through the TypeScript
    // loader, registered before the import.
    const worker = file.pathname.endsWith(".ts")
      ? new Worker(
          `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}); })`,
          { eval: true, workerData: input, resourceLimits },
        )
      : new Worker(file, { workerData: input, resourceLimits });
    let report: RecheckReport | undefined;
    worker.on("message", (m: WorkerMessage) => {
      if (m.type === "progress") options.onProgress?.(m.progress);
      else report = m.report;
    });
    worker.on("error", reject);
    worker.on("exit", (code) => {
      if (report !== undefined) resolve(report);
      else reject(new Error(`the re-check worker stopped (exit code ${code}) before finishing`));
    });
  });
}

/** A job runner's re-check in a worker thread: progress a line every 10 %, its account at the end. */
export function recheckInWorker(url: string, options: { readonly concurrency?: number } = {}): RecheckRunner {
  return async (today, now, log) =>
    recheckAccount(await recheckReportInWorker(url, today, now, { ...options, onProgress: tenths(log) }));
}

async function work(input: WorkerInput): Promise<void> {
  const post = (m: WorkerMessage) => parentPort?.postMessage(m);
  const db = await connect({ url: input.url });
  try {
    const report = await recheckAll(createStore(db.kysely), loadReference(), input.today, {
      now: new Date(input.now),
      concurrency: input.concurrency,
      onProgress: (progress) => post({ type: "progress", progress }),
    });
    post({ type: "done", report });
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
