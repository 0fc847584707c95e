/**
 * Recurring work kept in PostgreSQL, not in a timer's memory: each job is a row with its next
 * run time. Every server polls; a due job goes to exactly one of them (`for update skip
 * locked`), and a job whose server died mid-run is taken over once its lock expires. Stopping
 * and starting servers loses nothing: the schedule is in the database.
 */
import type { Geography } from "../rules/geography.js";
import type { RunProgress } from "./alerts/recheck-all.js";
import { recheckAll, type RecheckReport } from "./alerts/recheck.js";
import { todayOf } from "./calendar.js";
import { releaseClaims } from "./claim-files.js";
import type { Clearinghouse } from "./clearinghouse-port.js";
import { inboxLine, POLL_JOB, processInbox } from "./clearinghouse.js";
import { queueMonthlyChecks, sendQueuedChecks } from "./eligibility-send.js";
import type { Store } from "./ports.js";

export interface Job {
  readonly name: string;
  readonly everySeconds: number;
  /** Does the work; answers a short account for the log (`log`: progress lines meanwhile). */
  run(store: Store, now: Date, log: (line: string) => void): Promise<string>;
}

/**
 * Where the daily re-check runs. By default in this process, a chunk at a time, giving the event
 * loop a turn between chunks (the embedded database: PGlite is one connection in this process, so
 * a worker could not open it). A server on PostgreSQL passes a runner that does it in a worker
 * thread with its own connection (src/cli/recheck-worker.ts), off the API's event loop.
 */
export type RecheckRunner = (today: string, now: Date, log: (line: string) => void) => Promise<string>;

/** A line every 10 % of a run's chunks, for the log. */
export function tenths(log: (line: string) => void): (p: RunProgress) => void {
  let decile = 0;
  return (p) => {
    const pct = p.total === 0 ? 100 : Math.floor((100 * p.done) / p.total);
    if (Math.floor(pct / 10) <= decile) return;
    decile = Math.floor(pct / 10);
    log(`re-check ${pct}% (${p.done}/${p.total} chunks; ${p.sessionsChecked} sessions on this server)`);
  };
}

/** What a re-check report says in the job log. */
export function recheckAccount(report: RecheckReport): string {
  const run = report.run;
  const joined = run?.joined ? ", continuing the day's run" : "";
  const rest = run && !run.finished ? "; other servers are finishing the rest" : "";
  return `re-checked ${report.providers} provider(s), ${report.sessionsChecked} session(s)${joined}: ${report.atRisk} at risk, ${report.opened} alert(s) opened, ${report.resolved} resolved, ${run?.checksWritten ?? 0} check(s) changed${rest}`;
}

/** The platform's jobs: held claims become ready, and every upcoming session is re-checked daily. */
export function platformJobs(
  geo: Geography,
  options: {
    readonly recheck?: RecheckRunner;
    readonly clearinghouse?: Clearinghouse | undefined;
    /** ISA15 of the 270s sent to a real clearinghouse (a sandbox always gets T). */
    readonly x12Usage?: "P" | "T" | undefined;
  } = {},
): Job[] {
  const clearinghouse = options.clearinghouse;
  return [
    // The clearinghouse's answers (271, 835, 999, 277CA), read every minute when one is configured.
    ...(clearinghouse
      ? [
          {
            name: POLL_JOB,
            everySeconds: 60,
            async run(store: Store, now: Date, log: (line: string) => void) {
              const report = await processInbox(store, clearinghouse, null, now);
              for (const f of report.files) log(inboxLine(f));
              return `${report.files.length} file(s) read from ${clearinghouse.label}`;
            },
          } satisfies Job,
          // Eligibility (eligibility-send.ts): the checks the triggers queued go out every minute;
          // every coverage not checked for 30 days is queued once a day (so, monthly per client).
          {
            name: "eligibility.send",
            everySeconds: 60,
            async run(store: Store, now: Date) {
              const r = await sendQueuedChecks(store, clearinghouse, now, { geo, usage: options.x12Usage });
              return `${r.sent} eligibility check(s) sent, ${r.failed} could not be built`;
            },
          } satisfies Job,
          {
            name: "eligibility.monthly",
            everySeconds: 24 * 3600,
            async run(store: Store, now: Date) {
              return `${await queueMonthlyChecks(store, now)} coverage(s) queued for their monthly check`;
            },
          } satisfies Job,
        ]
      : []),
    {
      name: "claims.release",
      everySeconds: 60,
      async run(store, now) {
        return `${await releaseClaims(store, now)} claim(s) ready to submit`;
      },
    },
    {
      name: "alerts.recheck",
      everySeconds: 24 * 3600,
      async run(store, now, log) {
        if (options.recheck) return options.recheck(todayOf(now), now, log);
        const report = await recheckAll(store, geo, todayOf(now), {
          now,
          chunkSize: 25,
          yieldBetweenChunks: true,
          onProgress: tenths(log),
        });
        return recheckAccount(report);
      },
    },
  ];
}

export interface RunnerOptions {
  /** This server's name in the jobs table (host and pid by default). */
  readonly worker: string;
  readonly pollMs?: number;
  /**
   * How long a server may go without a sign of life before another presumes it dead and takes
   * its job over: the lock is renewed every `heartbeatSeconds` while a job runs, so a run may
   * take longer than this.
   */
  readonly lockSeconds?: number;
  /** How often a running job's lock is renewed (30 s by default). */
  readonly heartbeatSeconds?: number;
  readonly now?: () => Date;
  /** What each run did. */
  readonly log?: (line: string) => void;
  /** A job that failed (it is also kept in the jobs table, `last_error`). */
  readonly warn?: (line: string) => void;
}

export class JobRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private readonly byName: ReadonlyMap<string, Job>;

  constructor(
    private readonly store: Store,
    jobs: readonly Job[],
    private readonly options: RunnerOptions,
  ) {
    this.byName = new Map(jobs.map((j) => [j.name, j]));
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Registers the jobs (a new one runs right away; known ones keep their schedule). */
  async register(): Promise<void> {
    for (const job of this.byName.values())
      await this.store.jobs.ensure(job.name, job.everySeconds, this.now());
  }

  /** Runs every job that is due now, one after another; answers the names run. */
  async runDue(): Promise<string[]> {
    const ran: string[] = [];
    for (;;) {
      const now = this.now();
      const name = await this.store.jobs.claimDue(this.options.worker, now, this.options.lockSeconds ?? 300);
      if (name === undefined) return ran;
      const job = this.byName.get(name);
      let error: string | null = null;
      const lockSeconds = this.options.lockSeconds ?? 300;
      // The heartbeat: the lock is extended while the job runs, so no other server starts it.
      const heartbeat = setInterval(
        () => {
          const until = new Date(this.now().getTime() + lockSeconds * 1000);
          this.store.jobLeases.renew(name, this.options.worker, until).catch((e: unknown) => {
            this.options.warn?.(
              `job ${name}: lock not renewed: ${e instanceof Error ? e.message : String(e)}`,
            );
          });
        },
        (this.options.heartbeatSeconds ?? 30) * 1000,
      );
      try {
        if (!job) throw new Error(`no job named ${name} on this server`);
        const said = await job.run(this.store, now, (line) => this.options.log?.(`job ${name}: ${line}`));
        this.options.log?.(`job ${name}: ${said}`);
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
        this.options.warn?.(`job ${name} failed: ${error}`);
      } finally {
        clearInterval(heartbeat);
      }
      await this.store.jobs.finish(name, this.options.worker, this.now(), error);
      ran.push(name);
    }
  }

  /** Registers the jobs and polls until `stop`. */
  async start(): Promise<void> {
    await this.register();
    const tick = () => {
      if (this.stopped) return;
      this.running = this.runDue()
        .catch((e: unknown) => this.options.warn?.(`jobs: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.options.pollMs ?? 5000);
        });
    };
    tick();
  }

  /** Stops polling and waits for a run in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
