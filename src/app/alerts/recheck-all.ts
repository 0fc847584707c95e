/**
 * The whole re-check, set-based: every upcoming scheduled session of every provider decided again
 * as `recheckProvider` decides it, at national scale (a million sessions in well under a minute).
 *
 * - A run (one checking day) is split into chunks of providers by id. Workers take chunks with
 *   `for update skip locked`, so two servers' job runners share a run instead of doing it twice,
 *   and a run killed midway is continued by the next one the same day (the chunks not done,
 *   pending or taken by a worker that stopped answering for `staleSeconds`).
 * - A chunk is one transaction: the providers' advisory locks (as the use cases' re-checks take
 *   them), then everything its decisions read in a few queries (the providers' files, their
 *   sessions in one index range, the clients' locations and coverages, the open alerts), the
 *   decisions in process (draft.ts, the same routines as the per-provider re-check), and only
 *   what changed written back with multi-row statements: a session's check when its outcome
 *   changed (`check_hash`), alerts opened, refreshed and cleared. A second run the same day
 *   writes nothing (unless a license's "N days left" moved on, or something changed).
 * - `session_checks.last_check.checkedAt` / `checkedOn` are therefore when a re-check found what the
 *   check says, not the latest run that confirmed it (that is `recheck_runs`).
 */
import type { Geography } from "../../rules/geography.js";
import type { Alert, AlertDraft } from "../alerts-port.js";
import type { ClientLocation } from "../model.js";
import type { Store } from "../ports.js";
import type { ProviderRecheck, RecheckChunk, RecheckWrites } from "../recheck-port.js";
import {
  checkSession,
  expiryDrafts,
  noClientData,
  riskDrafts,
  sameAlert,
  sessionCheck,
  type Checked,
  type ClientData,
} from "./draft.js";
import { storedCheck } from "./outcome.js";

export interface RunProgress {
  /** Chunks of the run done (by any worker) and in all. */
  readonly done: number;
  readonly total: number;
  /** Sessions this call decided so far. */
  readonly sessionsChecked: number;
  readonly providers: number;
}

export interface RunOptions {
  readonly now?: Date | undefined;
  /** This worker's name in `recheck_chunks.taken_by` (unique per call by default). */
  readonly worker?: string | undefined;
  /** Providers per chunk (a run's chunks are made by whoever starts it). */
  readonly chunkSize?: number | undefined;
  /** Chunks in flight at once in this call: the database works on one while this decides another. */
  readonly concurrency?: number | undefined;
  /** A chunk taken this long ago and not done is presumed abandoned and taken over. */
  readonly staleSeconds?: number | undefined;
  /** Gives the event loop a turn between chunks (the embedded database runs on this thread). */
  readonly yieldBetweenChunks?: boolean | undefined;
  /** After each chunk this call did. */
  readonly onProgress?: ((p: RunProgress) => void) | undefined;
}

export interface RunResult {
  readonly runId: string;
  /** Whether this call joined a run already under way (another worker's, or an interrupted one). */
  readonly joined: boolean;
  /** Whether the run is complete (false: other workers still hold chunks of it). */
  readonly finished: boolean;
  readonly chunks: number;
  /** The providers this call re-checked, in id order within each chunk. */
  readonly byProvider: ProviderRecheck[];
  /** Session checks written (outcome changed) by this call. */
  readonly checksWritten: number;
}

export const DEFAULT_CHUNK_SIZE = 50;
const DEFAULT_STALE_SECONDS = 300;

/** Another worker took the chunk over (this one was presumed dead): its work is rolled back. */
class ChunkLost extends Error {}

let calls = 0;

/** Runs (or joins, or continues) the day's re-check and does chunks until none is left. */
export async function recheckRun(
  store: Store,
  geo: Geography,
  today: string,
  options: RunOptions = {},
): Promise<RunResult> {
  const now = options.now ?? new Date();
  const worker = options.worker ?? `recheck:${process.pid}:${Date.now().toString(36)}:${calls++}`;
  const { runId, created } = await store.recheck.openRun(today, options.chunkSize ?? DEFAULT_CHUNK_SIZE);
  const byProvider: ProviderRecheck[] = [];
  let checksWritten = 0;
  let sessionsChecked = 0;

  const loop = async () => {
    for (;;) {
      const chunk = await store.recheck.takeChunk(
        runId,
        worker,
        options.staleSeconds ?? DEFAULT_STALE_SECONDS,
      );
      if (!chunk) return;
      const done = await withRetry(() => recheckChunk(store, geo, chunk, worker, today, now));
      if (done) {
        byProvider.push(...done.byProvider);
        checksWritten += done.checksWritten;
        sessionsChecked += done.byProvider.reduce((n, p) => n + p.sessionsChecked, 0);
      }
      if (options.onProgress) {
        const p = await store.recheck.progress(runId);
        options.onProgress({ ...p, sessionsChecked, providers: byProvider.length });
      }
      if (options.yieldBetweenChunks) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, loop));
  const finished = await store.recheck.finishRun(runId);
  const { total } = await store.recheck.progress(runId);
  return { runId, joined: !created, finished, chunks: total, byProvider, checksWritten };
}

/** Deadlocks and serialization failures (with a use case's re-check) are retried. */
async function withRetry<T>(work: () => Promise<T>): Promise<T | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (e) {
      if (e instanceof ChunkLost) return undefined;
      const code = (e as { code?: unknown }).code;
      if (attempt >= 3 || (code !== "40P01" && code !== "40001")) throw e;
    }
  }
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

interface ProviderOutcome {
  readonly result: Omit<ProviderRecheck, "opened" | "open"> & { stillOpen: number };
  /** Drafts with no open alert: opened unless a dismissed one already named all their sessions. */
  readonly fresh: AlertDraft[];
}

/** One chunk in one transaction: lock, load, decide, write what changed, mark it done. */
async function recheckChunk(
  store: Store,
  geo: Geography,
  chunk: RecheckChunk,
  worker: string,
  today: string,
  now: Date,
): Promise<{ byProvider: ProviderRecheck[]; checksWritten: number }> {
  return store.transaction(async (tx) => {
    await tx.recheck.lockChunk(chunk);
    const batch = await tx.recheck.load(chunk, today);
    const clients = new Map(batch.clients.map((c) => [c.id, c]));
    const coverages = new Map(batch.coverages.map((c) => [c.clientId, c]));
    const locations = groupBy(batch.locations, (l) => l.clientId);
    const sessions = groupBy(batch.sessions, (s) => s.providerId);
    const alerts = groupBy(batch.openAlerts, (a) => a.providerId);
    const data = new Map<string, ClientData>();
    const dataOf = (clientId: string): ClientData => {
      let d = data.get(clientId);
      if (!d) {
        const locs: readonly ClientLocation[] = locations.get(clientId) ?? [];
        const client = clients.get(clientId);
        d = client ? { client, coverage: coverages.get(clientId), locations: locs } : noClientData;
        data.set(clientId, d);
      }
      return d;
    };

    const checks: RecheckWrites["checks"][number][] = [];
    const refresh: { id: string; draft: AlertDraft }[] = [];
    const resolve: string[] = [];
    const outcomes: ProviderOutcome[] = [];
    for (const file of batch.providers) {
      const providerId = file.provider.id;
      const upcoming = sessions.get(providerId) ?? [];
      const checked: Checked[] = upcoming.map((s) => checkSession(geo, s, file, dataOf(s.clientId)));
      const drafts = [...riskDrafts(providerId, checked), ...expiryDrafts(geo, file, checked, today)];

      // The sessions' checks: written only when what they found changed.
      const keyOf = new Map<string, string>();
      for (const d of drafts)
        if (d.kind === "sessions_at_risk") for (const id of d.sessionIds) keyOf.set(id, d.dedupeKey);
      for (const [i, c] of checked.entries()) {
        const check = sessionCheck(c, keyOf.get(c.session.id) ?? null, now, today);
        const stored = storedCheck(check);
        if (stored.hash !== upcoming[i]?.checkHash) checks.push({ sessionId: c.session.id, stored });
      }

      // The alerts, as `reconcile` keeps them: refreshed when changed, cleared when gone.
      const open: readonly Alert[] = alerts.get(providerId) ?? [];
      const byKey = new Map(open.map((a) => [a.dedupeKey, a]));
      const fresh: AlertDraft[] = [];
      let stillOpen = 0;
      for (const d of drafts) {
        const current = byKey.get(d.dedupeKey);
        if (!current) {
          fresh.push(d);
          continue;
        }
        stillOpen++;
        if (!sameAlert(current, d)) refresh.push({ id: current.id, draft: d });
      }
      const keys = new Set(drafts.map((d) => d.dedupeKey));
      const gone = open.filter((a) => !keys.has(a.dedupeKey));
      resolve.push(...gone.map((a) => a.id));
      outcomes.push({
        result: {
          providerId,
          providerName: file.provider.name,
          sessionsChecked: checked.length,
          atRisk: checked.filter((c) => !c.billable).length,
          resolved: gone.length,
          stillOpen,
        },
        fresh,
      });
    }

    // A problem someone dismissed stays dismissed unless it now names a session it did not.
    const freshPairs = outcomes.flatMap((o) =>
      o.fresh.map((d) => ({ providerId: d.providerId, key: d.dedupeKey })),
    );
    const dismissed = new Map(
      (await tx.recheck.dismissed(freshPairs)).map((a) => [`${a.providerId} ${a.dedupeKey}`, a]),
    );
    const toOpen: AlertDraft[] = [];
    const opening = new Map<string, number>();
    for (const o of outcomes)
      for (const d of o.fresh) {
        const before = dismissed.get(`${d.providerId} ${d.dedupeKey}`);
        if (before && d.sessionIds.every((id) => before.sessionIds.includes(id))) continue;
        toOpen.push(d);
        opening.set(d.providerId, (opening.get(d.providerId) ?? 0) + 1);
      }

    const { openedFor } = await tx.recheck.write({ checks, open: toOpen, refresh, resolve }, now);
    const opened = new Map<string, number>();
    for (const id of openedFor) opened.set(id, (opened.get(id) ?? 0) + 1);
    const byProvider = outcomes.map(({ result: { stillOpen, ...r } }) => ({
      ...r,
      opened: opened.get(r.providerId) ?? 0,
      open: stillOpen + (opening.get(r.providerId) ?? 0),
    }));
    const counts = {
      providers: byProvider.length,
      sessionsChecked: byProvider.reduce((n, p) => n + p.sessionsChecked, 0),
      atRisk: byProvider.reduce((n, p) => n + p.atRisk, 0),
      opened: openedFor.length,
      refreshed: refresh.length,
      resolved: resolve.length,
      checksWritten: checks.length,
    };
    if (!(await tx.recheck.finishChunk(chunk, worker, counts))) throw new ChunkLost();
    return { byProvider, checksWritten: checks.length };
  });
}
