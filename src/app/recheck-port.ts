/**
 * The whole re-check at scale (src/app/alerts/recheck-all.ts) as it sees storage: runs split into
 * chunks of providers that workers take with `for update skip locked`, everything a chunk's
 * decisions read loaded in a few set-based queries, and what changed written back in multi-row
 * statements. Part of the `Store` port (see ports.ts), implemented in src/store/recheck-store.ts.
 */
import type { Alert, AlertDraft } from "./alerts-port.js";
import type { StoredCheck } from "./alerts/outcome.js";
import type { Client, ClientLocation, Coverage, ProviderFile } from "./model.js";
import type { Session } from "./sessions-model.js";

/** What a re-check did. */
export interface RecheckCounts {
  /** Upcoming scheduled sessions decided again. */
  readonly sessionsChecked: number;
  /** Of those, the ones that could not be billed as things stand. */
  readonly atRisk: number;
  readonly opened: number;
  /** Alerts closed because their problem went away. */
  readonly resolved: number;
  /** Open alerts once the re-check finished (of the provider, or of the client's sessions). */
  readonly open: number;
}

/** One provider's re-check. */
export interface ProviderRecheck extends RecheckCounts {
  readonly providerId: string;
  readonly providerName: string;
}

/** A range of providers of a run: `first <= id < before` (null: from the start / to the end). */
export interface RecheckChunk {
  readonly runId: string;
  readonly seq: number;
  readonly firstProvider: string | null;
  readonly beforeProvider: string | null;
}

/** An upcoming scheduled session with the digest of its stored check (`session_checks.check_hash`). */
export interface UpcomingSession extends Session {
  readonly checkHash: string | null;
}

/** Everything the decisions of one chunk read, loaded once for the chunk. */
export interface RecheckBatch {
  /** The chunk's providers, in id order. */
  readonly providers: readonly ProviderFile[];
  /** Their upcoming scheduled sessions, by provider, start and id (without `lastCheck`). */
  readonly sessions: readonly UpcomingSession[];
  /** The clients of those sessions, their current locations and latest coverages. */
  readonly clients: readonly Client[];
  readonly locations: readonly ClientLocation[];
  readonly coverages: readonly Coverage[];
  /** The open alerts of the chunk's providers. */
  readonly openAlerts: readonly Alert[];
}

/** The latest dismissed alert of a (provider, key). */
export interface DismissedAlert {
  readonly providerId: string;
  readonly dedupeKey: string;
  readonly sessionIds: readonly string[];
}

/** What a chunk writes: only what changed. */
export interface RecheckWrites {
  /** Each as the store keeps it: its JSON and its outcome's digest, serialized once. */
  readonly checks: readonly { readonly sessionId: string; readonly stored: StoredCheck }[];
  /** New alerts (an open one with the same key, opened meanwhile, is refreshed instead). */
  readonly open: readonly AlertDraft[];
  /** Open alerts whose wording, sessions or detail changed. */
  readonly refresh: readonly { readonly id: string; readonly draft: AlertDraft }[];
  /** Open alerts whose problem went away. */
  readonly resolve: readonly string[];
}

export interface RecheckProgress {
  readonly done: number;
  readonly total: number;
}

export interface RecheckStores {
  recheck: {
    /**
     * The unfinished run of `checkedOn`, joined, or a new one split into chunks of `chunkSize`
     * providers (one transaction: whoever joins sees its chunks).
     */
    openRun(checkedOn: string, chunkSize: number): Promise<{ runId: string; created: boolean }>;
    /**
     * Takes the next chunk of the run for `worker`: a pending one, or one taken by a worker
     * that has not finished it for `staleSeconds` (presumed dead). Undefined when none is left.
     */
    takeChunk(runId: string, worker: string, staleSeconds: number): Promise<RecheckChunk | undefined>;
    /**
     * Serialises with the per-provider re-checks of the chunk's providers until the transaction
     * ends (the same advisory locks as `alerts.lockProvider`). Call inside `transaction`.
     */
    lockChunk(chunk: RecheckChunk): Promise<void>;
    load(chunk: RecheckChunk, today: string): Promise<RecheckBatch>;
    /** The latest dismissed alert of each of these (provider, key) pairs, where there is one. */
    dismissed(
      pairs: readonly { readonly providerId: string; readonly key: string }[],
    ): Promise<DismissedAlert[]>;
    /** Writes the changes; answers the provider of each alert opened (not refreshed). */
    write(w: RecheckWrites, now: Date): Promise<{ openedFor: string[] }>;
    /**
     * Marks the chunk done with its counts, if `worker` still holds it (false: another worker
     * took it over, and this one's work must be rolled back).
     */
    finishChunk(
      chunk: RecheckChunk,
      worker: string,
      counts: Readonly<Record<string, number>>,
    ): Promise<boolean>;
    progress(runId: string): Promise<RecheckProgress>;
    /** Closes the run once every chunk is done (true when this call closed it). */
    finishRun(runId: string): Promise<boolean>;
  };

  jobLeases: {
    /**
     * Extends a running job's lock to `until` while `worker` still holds it (a heartbeat: a
     * long run is never presumed dead and started again). False when it no longer holds it.
     */
    renew(name: string, worker: string, until: Date): Promise<boolean>;
  };
}
