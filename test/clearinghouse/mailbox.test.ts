/**
 * The mailbox connector on real temporary folders: files written atomically into outbox/,
 * polling the inbox oldest first and only finished regular files, taking a file out into
 * inbox/taken/, and names that could point outside the folders refused.
 */
import { mkdtemp, mkdir, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkName, Mailbox } from "../../src/clearinghouse/mailbox.js";

let dir: string;
let box: Mailbox;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "stateline-mailbox-"));
  box = await new Mailbox({ dir }).open();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const at = async (name: string, content: string, seconds: number) => {
  const file = join(dir, "inbox", name);
  await writeFile(file, content);
  const t = new Date(Date.UTC(2026, 10, 21, 9, 0, seconds));
  await utimes(file, t, t);
};

describe("the mailbox", () => {
  it("writes what it submits into outbox/ whole, leaving no temporary file", async () => {
    await box.submit({ name: "837P-000004711.x12", content: "ISA*00*…~\n" });
    expect(await readdir(join(dir, "outbox"))).toEqual(["837P-000004711.x12", "taken"]);
    expect(await readFile(join(dir, "outbox", "837P-000004711.x12"), "utf8")).toBe("ISA*00*…~\n");
    // The same name twice would overwrite: outbound names are unique (control numbers), but
    // the temporary name never collides.
    await box.submit({ name: "837P-000004711.x12", content: "again" });
    expect((await readdir(join(dir, "outbox"))).filter((n) => n.includes(".tmp-"))).toEqual([]);
  });

  it("polls the inbox oldest first, only finished regular files, at most the limit", async () => {
    await at("b-999.x12", "second", 2);
    await at("a-835.x12", "third", 3);
    await at("c-271.x12", "first", 1);
    await writeFile(join(dir, "inbox", ".c-271.x12.tmp-1234"), "half");
    await writeFile(join(dir, "inbox", "upload.x12.part"), "half");
    await writeFile(join(dir, "inbox", ".hidden"), "no");
    await mkdir(join(dir, "inbox", "a-folder.x12"));
    expect((await box.poll(10)).map((f) => [f.name, f.content])).toEqual([
      ["c-271.x12", "first"],
      ["b-999.x12", "second"],
      ["a-835.x12", "third"],
    ]);
    expect((await box.poll(2)).map((f) => f.name)).toEqual(["c-271.x12", "b-999.x12"]);
    // Reading does not remove.
    expect(await box.poll(10)).toHaveLength(3);
  });

  it("moves a taken file into inbox/taken/, never over one taken before", async () => {
    await at("x-999.x12", "one", 1);
    const [file] = await box.poll(1);
    await box.taken(file!);
    expect(await box.poll(10)).toEqual([]);
    await at("x-999.x12", "two", 2);
    await box.taken((await box.poll(1))[0]!);
    const taken = await readdir(join(dir, "inbox", "taken"));
    expect(taken).toHaveLength(2);
    expect(taken).toContain("x-999.x12");
    // Taken by another server meanwhile: nothing to do.
    await box.taken({ name: "x-999.x12", content: "" });
  });

  it("counts what waits in each folder", async () => {
    await box.submit({ name: "270-000000001.x12", content: "x" });
    await at("a.x12", "y", 1);
    expect(await box.folders()).toMatchObject({ waitingOut: 1, waitingIn: 1 });
  });

  it("refuses names with a folder, hidden names and ..", async () => {
    for (const bad of ["../etc/passwd", "a/b.x12", ".hidden.x12", "a\\b.x12", "", "a..b.x12"])
      expect(() => checkName(bad), bad).toThrow(RangeError);
    await expect(box.submit({ name: "../escape.x12", content: "x" })).rejects.toThrow(RangeError);
    expect(checkName("SBX000000123-999.x12")).toBe("SBX000000123-999.x12");
  });

  it("is labelled as a sandbox when the sandbox answers it", () => {
    expect(new Mailbox({ dir, sandbox: true })).toMatchObject({
      sandbox: true,
      label: "Sandbox clearinghouse (test data)",
    });
    expect(box.label).toBe(`Mailbox at ${dir}`);
  });
});
