/**
 * Recurring work kept in PostgreSQL, not in a timer's memory: each job is a row with its next
 * run time. Every server polls; a due job goes to exactly one of them (`for update skip
 * locked`), and a job whose server died mid-run is taken over once its lock expires. Stopping
 * and starting servers loses nothing: the schedule is in the database.
 */
import type { Geography } from "../rules/geography.js";
import { recheckAll } from "./alerts/recheck.js";
import { todayOf } from "./calendar.js";
import { releaseClaims } from "./claim-files.js";
import type { Store } from "./ports.js";

export interface Job {
  readonly name: string;
  readonly everySeconds: number;
  /** Does the work; answers a short account for the log. */
  run(store: Store, now: Date): Promise<string>;
}

/** The platform's jobs: held claims become ready, and every upcoming session is re-checked daily. */
export function platformJobs(geo: Geography): Job[] {
  return [
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
      async run(store, now) {
        const report = await recheckAll(store, geo, todayOf(now), { now });
        return `re-checked ${report.providers} provider(s)`;
      },
    },
  ];
}

export interface RunnerOptions {
  /** This server's name in the jobs table (host and pid by default). */
  readonly worker: string;
  readonly pollMs?: number;
  /** How long a run may take before another server presumes it dead and takes over. */
  readonly lockSeconds?: number;
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
      try {
        if (!job) throw new Error(`no job named ${name} on this server`);
        const said = await job.run(this.store, now);
        this.options.log?.(`job ${name}: ${said}`);
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
        this.options.warn?.(`job ${name} failed: ${error}`);
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
