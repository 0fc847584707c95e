/**
 * The directory files a server holds: given back only at exactly the version asked for, per
 * provider and state, and bounded, the least recently used going first.
 */
import { describe, expect, it } from "vitest";
import type { DirectoryFile } from "../../src/app/directory-port.js";
import type { PracticeLocation } from "../../src/app/model.js";
import { DirectoryFileCache } from "../../src/store/directory-file-cache.js";

function fileOf(name: string): DirectoryFile {
  return {
    provider: {
      id: `p-${name}`,
      name,
      firstName: name,
      middleName: null,
      lastName: "Chen",
      suffix: null,
      credentials: "LCSW",
      npi: "1245319599",
      taxonomy: "1041C0700X",
    },
    acceptingNewClients: true,
    licenses: [],
    credentials: [],
    practiceLocations: [],
    email: null,
  };
}

describe("DirectoryFileCache", () => {
  it("gives a file back only at the version it was read at, and only for its state", () => {
    const c = new DirectoryFileCache(10);
    const maya = fileOf("Maya");
    c.put("p-1", "NY", "41", maya);
    expect(c.get("p-1", "NY", "41")).toBe(maya);
    expect(c.get("p-1", "NY", "42")).toBeUndefined();
    expect(c.get("p-1", "NJ", "41")).toBeUndefined();
    expect(c.get("p-2", "NY", "41")).toBeUndefined();
    const renamed = fileOf("Maya Chen-Ortiz");
    c.put("p-1", "NY", "42", renamed);
    expect(c.get("p-1", "NY", "42")).toBe(renamed);
    expect(c.get("p-1", "NY", "41")).toBeUndefined();
    expect(c.stats).toEqual({ size: 1, hits: 2, misses: 4 });
  });

  it("holds at most its capacity, letting the least recently used go first", () => {
    const c = new DirectoryFileCache(2);
    c.put("p-1", "NY", "1", fileOf("Maya"));
    c.put("p-2", "NY", "2", fileOf("Luis"));
    expect(c.get("p-1", "NY", "1")?.provider.name).toBe("Maya");
    c.put("p-3", "NY", "3", fileOf("Grace"));
    expect(c.get("p-2", "NY", "2")).toBeUndefined();
    expect(c.get("p-1", "NY", "1")?.provider.name).toBe("Maya");
    expect(c.get("p-3", "NY", "3")?.provider.name).toBe("Grace");
    expect(c.stats.size).toBe(2);
  });

  it("freezes what it keeps: one page cannot change another's answer", () => {
    const c = new DirectoryFileCache(10);
    const maya: DirectoryFile = {
      ...fileOf("Maya"),
      practiceLocations: [
        {
          id: "o-1",
          providerId: "p-1",
          label: "Harlem office",
          line1: "2090 Adam Clayton Powell Jr Blvd",
          line2: "Ste 1101",
          city: "New York",
          state: "NY",
          zip: "10027-4821",
        },
      ],
    };
    c.put("p-1", "NY", "7", maya);
    const held = c.get("p-1", "NY", "7");
    expect(Object.isFrozen(held)).toBe(true);
    expect(Object.isFrozen(held?.provider)).toBe(true);
    expect(Object.isFrozen(held?.practiceLocations[0])).toBe(true);
    expect(() => {
      (held?.practiceLocations as PracticeLocation[]).push(maya.practiceLocations[0] as PracticeLocation);
    }).toThrow(TypeError);
  });

  it("holds nothing at capacity 0, and refuses a capacity that is not a whole number", () => {
    const c = new DirectoryFileCache(0);
    c.put("p-1", "NY", "1", fileOf("Maya"));
    expect(c.get("p-1", "NY", "1")).toBeUndefined();
    expect(() => new DirectoryFileCache(-1)).toThrow(/capacity/);
    expect(() => new DirectoryFileCache(2.5)).toThrow(/capacity/);
  });
});
