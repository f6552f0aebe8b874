import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { escapeText, foldLine, type IcsEvent, renderCalendar, utcDay, utcStamp } from "./ics.js";

/*
 * The ICS writer against RFC 5545's rules, and read back by ical.js (the parser Thunderbird uses):
 * what a hostile subject puts in must come out as the same text, in one property.
 */

const octets = (s: string) => new TextEncoder().encode(s).length;

const base: IcsEvent = {
  uid: "a1@activities.crm",
  summary: "Call Ada",
  start: { at: Date.UTC(2026, 11, 7, 9, 30) },
  durationMinutes: 30,
  created: Date.UTC(2026, 11, 1),
  lastModified: Date.UTC(2026, 11, 2, 8, 0, 5),
  sequence: 3,
  status: "CONFIRMED",
};

function parse(text: string) {
  const comp = new ICAL.Component(ICAL.parse(text));
  return comp.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
}

describe("escapeText", () => {
  it("escapes backslash, semicolon, comma and line breaks; drops control characters", () => {
    expect(escapeText("a\\b;c,d\ne\r\nf\rg")).toBe("a\\\\b\\;c\\,d\\ne\\nf\\ng");
    expect(escapeText("x\u0000y\u0007z\u007f\tend")).toBe("xyz\tend");
  });
});

describe("foldLine", () => {
  it("leaves short lines alone and folds long ones at 75 octets with a leading space", () => {
    expect(foldLine("SUMMARY:short")).toBe("SUMMARY:short");
    const folded = foldLine(`SUMMARY:${"x".repeat(200)}`);
    const lines = folded.split("\r\n");
    expect(lines.length).toBe(3);
    for (const l of lines) expect(octets(l)).toBeLessThanOrEqual(75);
    expect(lines[0]).toHaveLength(75);
    for (const l of lines.slice(1)) expect(l.startsWith(" ")).toBe(true);
    expect(lines.map((l, i) => (i ? l.slice(1) : l)).join("")).toBe(`SUMMARY:${"x".repeat(200)}`);
  });

  it("never cuts inside a character's UTF-8 bytes (CJK, emoji)", () => {
    const text = `SUMMARY:${"客户会议🎉".repeat(30)}`;
    const lines = foldLine(text).split("\r\n");
    expect(lines.length).toBeGreaterThan(5);
    for (const l of lines) {
      expect(octets(l)).toBeLessThanOrEqual(75);
      // A cut inside a character would leave a lone surrogate or a U+FFFD after a round trip.
      expect(new TextDecoder("utf-8", { fatal: true }).decode(new TextEncoder().encode(l))).toBe(l);
      expect(l).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    }
    expect(lines.map((l, i) => (i ? l.slice(1) : l)).join("")).toBe(text);
  });
});

describe("renderCalendar", () => {
  it("ends every line in CRLF, no line longer than 75 octets, and no bare LF", () => {
    const text = renderCalendar({
      product: "-//crm//test//EN",
      name: "CRM",
      refreshMinutes: 15,
      events: [{ ...base, summary: "长".repeat(120), description: "line one\nline two" }],
    });
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const line of text.split("\r\n")) expect(octets(line)).toBeLessThanOrEqual(75);
  });

  it("keeps hostile subjects in their one property, read back unchanged by ical.js", () => {
    const hostile = [
      "x\r\nATTENDEE:mailto:evil@example.com",
      "y\nEND:VEVENT\nBEGIN:VEVENT\nUID:forged",
      "semi;colon, comma\\backslash",
      `${"会议".repeat(60)} 🎉👩‍👩‍👧 ${"é".repeat(40)}`,
    ];
    const events = hostile.map((summary, i) => ({
      ...base,
      uid: `h${i}@activities.crm`,
      summary,
      description: summary,
      categories: ["Task", "a,b"],
    }));
    const text = renderCalendar({ product: "-//crm//test//EN", name: "My, calendar", refreshMinutes: 15, events });
    expect(text).not.toMatch(/\r\nATTENDEE/);
    expect(text).not.toMatch(/\r\nUID:forged/);
    const parsed = parse(text);
    expect(parsed.map((e) => e.uid)).toEqual(hostile.map((_, i) => `h${i}@activities.crm`));
    // Line breaks come back as line breaks (the escaped `\n`), everything else byte for byte.
    expect(parsed.map((e) => e.summary)).toEqual(hostile.map((h) => h.replace(/\r\n/g, "\n")));
    expect(parsed.map((e) => e.description)).toEqual(hostile.map((h) => h.replace(/\r\n/g, "\n")));
    expect(parsed.every((e) => e.attendees.length === 0)).toBe(true);
    const cal = new ICAL.Component(ICAL.parse(text));
    // ical.js does not know X-WR-CALNAME's type and hands back its raw (escaped) TEXT.
    expect(text).toContain("\r\nX-WR-CALNAME:My\\, calendar\r\n");
    expect(cal.getFirstSubcomponent("vevent")!.getFirstProperty("categories")!.getValues()).toEqual(["Task", "a,b"]);
  });

  it("writes timed events in UTC and all-day events as dates, with the change stamps", () => {
    const day = Date.UTC(2026, 11, 24);
    const text = renderCalendar({
      product: "-//crm//test//EN",
      name: "CRM",
      refreshMinutes: 15,
      events: [base, { ...base, uid: "t@x", start: { date: day }, transparent: true, status: "CANCELLED" }],
    });
    const [timed, allDay] = parse(text);
    expect(timed!.startDate.toJSDate().getTime()).toBe(Date.UTC(2026, 11, 7, 9, 30));
    expect(timed!.endDate.toJSDate().getTime()).toBe(Date.UTC(2026, 11, 7, 10, 0));
    expect(timed!.startDate.isDate).toBe(false);
    expect(timed!.sequence).toBe(3);
    expect(allDay!.startDate.isDate).toBe(true);
    expect(allDay!.startDate.toString()).toBe("2026-12-24");
    expect(allDay!.endDate.toString()).toBe("2026-12-25");
    const vevent = allDay!.component;
    expect(vevent.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(vevent.getFirstPropertyValue("transp")).toBe("TRANSPARENT");
    expect(text).toContain(`DTSTAMP:${utcStamp(base.lastModified)}\r\n`);
    expect(text).toContain(`LAST-MODIFIED:${utcStamp(base.lastModified)}\r\n`);
    expect(utcStamp(base.lastModified)).toBe("20261202T080005Z");
    expect(utcDay(day)).toBe("20261224");
  });

  it("leaves out a URL that would break its line", () => {
    const text = renderCalendar({
      product: "p",
      name: "n",
      refreshMinutes: 15,
      events: [{ ...base, url: "https://crm.example/x\r\nATTENDEE:evil" }],
    });
    expect(text).not.toContain("URL:");
    expect(text).not.toContain("ATTENDEE");
  });
});
