/**
 * Who is behind a sign-in token, remembered by the API server so that a request does not ask
 * PostgreSQL first. Every request authenticates; with the answer in memory a request makes one
 * round trip fewer (at 100,000 providers a directory page went from 1.72–1.78 to 1.51–1.54 ms at
 * the median; ARCHITECTURE.md, "Storage and access").
 *
 * Never stale past a sign-out, however it happens:
 * - The database says so. Triggers on `login_sessions` and `users` (migration 20261210T1000)
 *   `NOTIFY stateline_logins` with the token's hash (or `*`: forget everyone) when a login
 *   session or an account changes or goes, whoever changed it: this server, another one, or
 *   an operator at a SQL prompt. Every server LISTENs and forgets on the message, which
 *   PostgreSQL delivers as the change commits.
 * - A sign-out on this server forgets the token at once, before and after its statement, without
 *   waiting for the message.
 * - A lookup that began before a change cannot put back what the change removed: every removal
 *   moves the cache's generation on, and an answer read under an older generation is not kept.
 * - While the server is not listening (starting, or the listening connection was lost), the
 *   cache is off and every request asks the database, as before.
 * - An entry is used only while its login session is unexpired (`now` is the request's clock),
 *   and for at most `ttlMs` after it was read, a bound for anything the triggers cannot see.
 * Bounded: at most `capacity` tokens; the oldest read goes first.
 */
import type { User } from "../app/model.js";
import type { Db } from "./db.js";

/** The channel the triggers notify on. */
export const LOGIN_CHANNEL = "stateline_logins";
/** The message that says "forget every token" (an account changed). */
export const FORGET_ALL = "*";

interface Entry {
  readonly user: User;
  /** When the login session expires (ms since the epoch). */
  readonly expiresAt: number;
  /** When the database said so (ms since the epoch, this process's clock). */
  readonly readAt: number;
}

export interface LoginCacheOptions {
  readonly ttlMs?: number;
  readonly capacity?: number;
  /** This process's clock, for the entries' age (tests). */
  readonly clock?: () => number;
}

export class LoginCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly capacity: number;
  private readonly clock: () => number;
  private on = false;
  private gen = 0;

  constructor(options: LoginCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.capacity = options.capacity ?? 10_000;
    this.clock = options.clock ?? Date.now;
  }

  /** Listening: keep answers from now on. */
  enable(): void {
    this.on = true;
  }

  /** Not listening (or no longer sure of having heard every change): forget all, keep nothing. */
  disable(): void {
    this.on = false;
    this.clear();
  }

  /** Read before a lookup; hand it back to `set` with the lookup's answer. */
  get generation(): number {
    return this.gen;
  }

  /** The user behind a token hash, if known, the login session unexpired at `now` and the entry fresh. */
  get(tokenHash: string, now: Date): User | undefined {
    if (!this.on) return undefined;
    const e = this.entries.get(tokenHash);
    if (!e) return undefined;
    if (e.expiresAt <= now.getTime() || this.clock() - e.readAt >= this.ttlMs) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return e.user;
  }

  /** Keeps a lookup's answer, unless something was forgotten since `generation` was read. */
  set(tokenHash: string, user: User, expiresAt: Date, generation: number): void {
    if (!this.on || generation !== this.gen) return;
    this.entries.delete(tokenHash);
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(tokenHash, { user, expiresAt: expiresAt.getTime(), readAt: this.clock() });
  }

  /** Forgets one token (its login session changed). */
  forget(tokenHash: string): void {
    this.gen++;
    this.entries.delete(tokenHash);
  }

  /** Forgets every token. */
  clear(): void {
    this.gen++;
    this.entries.clear();
  }

  /** A message on LOGIN_CHANNEL. */
  heard(payload: string): void {
    if (payload === FORGET_ALL) this.clear();
    else this.forget(payload);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** A cache kept true by the database's messages on LOGIN_CHANNEL (on while they are heard). */
export async function rememberLogins(db: Db, options: LoginCacheOptions = {}): Promise<LoginCache> {
  const logins = new LoginCache(options);
  await db.listen(LOGIN_CHANNEL, {
    heard: (payload) => {
      logins.heard(payload);
    },
    listening: () => {
      logins.enable();
    },
    lost: () => {
      logins.disable();
    },
  });
  return logins;
}
