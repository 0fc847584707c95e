/**
 * The directory files a process has read, kept in memory under their versions.
 *
 * A directory page decides each candidate on its file for the state: the provider row, the
 * licenses and credentials `decide` reads there, the offices and the account's email. Reading
 * and parsing those files was most of a page's time. The first pages of a payer and place are
 * asked for again and again, and name the same providers, so a server keeps the files it has read.
 *
 * It never serves a stale one. Each file has a version in the database (migration
 * 20261211T1000): a number from a sequence that changes whenever anything in the file does. A
 * page reads its candidates with their versions in one statement, and is given a held file only
 * when the version matches exactly; the others are read in a second statement, with their
 * versions, and kept. Versions are never reused, so a file read in a transaction that then
 * rolled back can never match again: it just ages out.
 *
 * Bounded: at most `capacity` files, the least recently used going first. A held file is shared by
 * every page that uses it, so it is frozen when kept: nothing can change one page's answer from
 * another.
 */
import type { DirectoryFile } from "../app/directory-port.js";

/**
 * About 2.3 KB each in memory (the benchmark's providers), so some 25 MB. The benchmark's 6,000
 * searches at 100,000 providers read fewer distinct files than that: 10,000 or 20,000 made no
 * difference to how many pages needed the second statement.
 */
export const DIRECTORY_FILE_CAPACITY = 10_000;

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

interface Held {
  readonly version: string;
  readonly file: DirectoryFile;
}

export interface DirectoryFileCacheStats {
  readonly size: number;
  readonly hits: number;
  readonly misses: number;
}

export class DirectoryFileCache {
  readonly #files = new Map<string, Held>();
  #hits = 0;
  #misses = 0;

  constructor(readonly capacity: number = DIRECTORY_FILE_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 0)
      throw new RangeError(`capacity must be a whole number of files, not ${capacity}`);
  }

  /** The provider's file for the state at exactly this version, or undefined. */
  get(providerId: string, state: string, version: string): DirectoryFile | undefined {
    const key = `${providerId}/${state}`;
    const held = this.#files.get(key);
    if (held?.version !== version) {
      this.#misses++;
      return undefined;
    }
    // Most recently used last: a Map keeps insertion order.
    this.#files.delete(key);
    this.#files.set(key, held);
    this.#hits++;
    return held.file;
  }

  put(providerId: string, state: string, version: string, file: DirectoryFile): void {
    if (this.capacity === 0) return;
    deepFreeze(file);
    const key = `${providerId}/${state}`;
    this.#files.delete(key);
    this.#files.set(key, { version, file });
    while (this.#files.size > this.capacity) {
      const oldest = this.#files.keys().next();
      if (oldest.done === true) break;
      this.#files.delete(oldest.value);
    }
  }

  get stats(): DirectoryFileCacheStats {
    return { size: this.#files.size, hits: this.#hits, misses: this.#misses };
  }
}
