/**
 * The clearinghouse as a mailbox: files we send are written to `outbox/`, files the
 * clearinghouse answers are read from `inbox/`, as clearinghouses that offer SFTP mailboxes work
 * (a sync job or the clearinghouse's own agent moves them). The folders are transport only:
 * every file is also kept in the database as written (`edi_files`).
 *
 * Why the care with names and renames: another program reads the outbox and writes the inbox
 * while we do. A file is written under a hidden temporary name and renamed into place, so a
 * reader never sees half of it; temporary and hidden names are skipped when polling; a file
 * taken is moved to `inbox/taken/` (kept, not deleted). Names are checked: no path separator,
 * nothing hidden, so a name can never point outside the folders.
 */
import { mkdir, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import type { Clearinghouse, IncomingFile, OutgoingFile } from "../app/clearinghouse-port.js";
import type { ClearinghouseFolders } from "../app/clearinghouse.js";

/** A name we write or take: letters, digits, dot, dash, underscore; not hidden; no folder. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;

/** Temporary names (`.name.tmp-…`), hidden files and partial uploads are never read. */
const isPending = (name: string): boolean =>
  name.startsWith(".") || name.endsWith(".tmp") || name.endsWith(".part") || name.includes(".tmp-");

export function checkName(name: string): string {
  if (!SAFE_NAME.test(name) || name.includes(".."))
    throw new RangeError(
      `"${name}" is not a safe mailbox file name (A–Z a–z 0–9 . _ -, no folder, not hidden)`,
    );
  return name;
}

/** Writes `content` to `folder/name` atomically: a temporary name first, then a rename. */
export async function writeAtomically(folder: string, name: string, content: string): Promise<void> {
  const tmp = join(folder, `.${checkName(name)}.tmp-${randomBytes(4).toString("hex")}`);
  await writeFile(tmp, content, { encoding: "utf8", flag: "wx" });
  await rename(tmp, join(folder, name));
}

/** The regular, finished files of a folder, oldest first (then by name). */
export async function listReady(folder: string): Promise<{ name: string; mtimeMs: number }[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  });
  const files: { name: string; mtimeMs: number }[] = [];
  for (const e of entries) {
    if (!e.isFile() || isPending(e.name) || !SAFE_NAME.test(e.name)) continue;
    const s = await stat(join(folder, e.name)).catch(() => null);
    if (s?.isFile()) files.push({ name: e.name, mtimeMs: s.mtimeMs });
  }
  return files.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Moves `folder/name` into `folder/taken/`, never overwriting a file taken before under that name. */
export async function moveToTaken(folder: string, name: string): Promise<void> {
  const taken = join(folder, "taken");
  await mkdir(taken, { recursive: true });
  let target = join(taken, checkName(name));
  const exists = await stat(target).then(
    () => true,
    () => false,
  );
  if (exists) target = join(taken, `${Date.now()}-${randomBytes(3).toString("hex")}-${name}`);
  await rename(join(folder, name), target);
}

export interface MailboxOptions {
  /** Holds outbox/ and inbox/ (created when missing). */
  readonly dir: string;
  /** For people; "Mailbox at <dir>" by default. */
  readonly label?: string;
  /** True when a sandbox clearinghouse answers this mailbox. */
  readonly sandbox?: boolean;
}

export class Mailbox implements Clearinghouse, ClearinghouseFolders {
  readonly label: string;
  readonly sandbox: boolean;
  readonly outbox: string;
  readonly inbox: string;

  constructor(options: MailboxOptions) {
    const dir = resolve(options.dir);
    this.outbox = join(dir, "outbox");
    this.inbox = join(dir, "inbox");
    this.sandbox = options.sandbox ?? false;
    this.label = options.label ?? (this.sandbox ? "Sandbox clearinghouse (test data)" : `Mailbox at ${dir}`);
  }

  /** Creates the folders (outbox/, inbox/ and their taken/). */
  async open(): Promise<this> {
    for (const f of [this.outbox, this.inbox, join(this.outbox, "taken"), join(this.inbox, "taken")])
      await mkdir(f, { recursive: true });
    return this;
  }

  async submit(file: OutgoingFile): Promise<void> {
    await mkdir(this.outbox, { recursive: true });
    await writeAtomically(this.outbox, file.name, file.content);
  }

  async poll(limit: number): Promise<IncomingFile[]> {
    const ready = (await listReady(this.inbox)).slice(0, Math.max(0, limit));
    const out: IncomingFile[] = [];
    for (const f of ready) {
      // Gone meanwhile (another server took it): skip, the next poll sees the rest.
      const content = await readFile(join(this.inbox, f.name), "utf8").catch(() => null);
      if (content !== null) out.push({ name: f.name, content });
    }
    return out;
  }

  async taken(file: IncomingFile): Promise<void> {
    await moveToTaken(this.inbox, file.name).catch((e: unknown) => {
      // Another server took it first: what matters (keeping it) is done.
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    });
  }

  async folders() {
    return {
      outbox: this.outbox,
      inbox: this.inbox,
      waitingOut: (await listReady(this.outbox)).length,
      waitingIn: (await listReady(this.inbox)).length,
    };
  }
}
