import { describe, expect, it } from "vitest";
import { dateTimeFormat, formatDayAt, formatInstant, isPast, viewerZone } from "./format";

// Mid-session planning: "now" is Friday, December 4, 2026, early afternoon in New York.
const NOW = new Date("2026-12-04T18:00:00Z");
// Tuesday, December 8, 2026, 10:00 AM in New York (EST, UTC−5).
const TUESDAY_TEN = "2026-12-08T15:00:00Z";

describe("formatInstant: a time with its zone", () => {
  it("shows the weekday, the date, the time and the zone's short name", () => {
    expect(formatInstant(TUESDAY_TEN, "America/New_York", NOW)).toBe("Tue, Dec 8, 10:00 AM EST");
  });

  it("shows the same instant as another viewer sees it, in their zone", () => {
    expect(formatInstant(TUESDAY_TEN, "America/Chicago", NOW)).toBe("Tue, Dec 8, 9:00 AM CST");
    expect(formatInstant(TUESDAY_TEN, "America/Los_Angeles", NOW)).toBe("Tue, Dec 8, 7:00 AM PST");
    expect(formatInstant(TUESDAY_TEN, "Pacific/Honolulu", NOW)).toBe("Tue, Dec 8, 5:00 AM HST");
  });

  it("names daylight saving time in summer", () => {
    expect(formatInstant("2026-07-01T14:00:00Z", "America/New_York", NOW)).toBe("Wed, Jul 1, 10:00 AM EDT");
  });

  it("adds the year only when it is not this year, judged where the time is shown", () => {
    expect(formatInstant("2027-01-05T15:00:00Z", "America/New_York", NOW)).toBe(
      "Tue, Jan 5, 2027, 10:00 AM EST",
    );
    // 10 PM on New Year's Eve in New York is already 2027 in UTC: still this year there.
    expect(formatInstant("2027-01-01T03:00:00Z", "America/New_York", NOW)).toBe("Thu, Dec 31, 10:00 PM EST");
  });

  it("uses ordinary spaces (Intl puts a narrow no-break space before AM/PM)", () => {
    expect(formatInstant(TUESDAY_TEN, "America/New_York", NOW)).not.toMatch(/[\u202f\u00a0]/);
  });

  it("shows the viewer's zone when none is named", () => {
    expect(formatInstant(TUESDAY_TEN, undefined, NOW)).toBe(formatInstant(TUESDAY_TEN, viewerZone(), NOW));
    expect(viewerZone()).toMatch(/\w/);
  });

  it("gives back what is not a time as it came", () => {
    expect(formatInstant("soon", "America/New_York", NOW)).toBe("soon");
  });
});

describe("formatDayAt: a time as a phrase", () => {
  it('reads "Tue, Dec 8 at 10:00 AM EST"', () => {
    expect(formatDayAt(TUESDAY_TEN, "America/New_York", NOW)).toBe("Tue, Dec 8 at 10:00 AM EST");
    expect(formatDayAt(TUESDAY_TEN, "America/Denver", NOW)).toBe("Tue, Dec 8 at 8:00 AM MST");
  });

  it("with the year when it is not this year", () => {
    expect(formatDayAt("2027-03-02T15:00:00Z", "America/New_York", NOW)).toBe(
      "Tue, Mar 2, 2027 at 10:00 AM EST",
    );
  });
});

describe("isPast: which tense a session is told in", () => {
  it("is past from the moment the session starts", () => {
    expect(isPast("2026-12-04T17:00:00Z", NOW)).toBe(true);
    expect(isPast("2026-12-04T18:00:00Z", NOW)).toBe(true);
    expect(isPast("2026-12-04T18:00:01Z", NOW)).toBe(false);
    expect(isPast(TUESDAY_TEN, NOW)).toBe(false);
  });

  it("reads offsets, not just UTC", () => {
    // 12:30 PM in New York = 17:30 UTC: half an hour ago.
    expect(isPast("2026-12-04T12:30:00-05:00", NOW)).toBe(true);
    expect(isPast("2026-12-04T13:30:00-05:00", NOW)).toBe(false);
  });

  it("is never past for what is not a time", () => {
    expect(isPast("", NOW)).toBe(false);
  });
});

describe("dateTimeFormat", () => {
  it("makes one formatter per locale and options, and each formats as a new one would", () => {
    const a = dateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "America/Chicago" });
    expect(dateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "America/Chicago" })).toBe(a);
    expect(dateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "America/Denver" })).not.toBe(
      a,
    );
    expect(dateTimeFormat("en-GB", { month: "short", day: "numeric", timeZone: "America/Chicago" })).not.toBe(
      a,
    );
    const d = new Date("2026-12-05T03:30:00Z");
    expect(a.format(d)).toBe(
      new Intl.DateTimeFormat("en-US", {
        month: "short",
        day: "numeric",
        timeZone: "America/Chicago",
      }).format(d),
    );
    expect(a.format(d)).toBe("Dec 4");
  });

  it("refuses a time zone Intl does not know, as the constructor does, and keeps nothing for it", () => {
    expect(() => dateTimeFormat("en-US", { timeZone: "Mars/Olympus_Mons" })).toThrow(RangeError);
    expect(() => dateTimeFormat("en-US", { timeZone: "Mars/Olympus_Mons" })).toThrow(RangeError);
  });
});
