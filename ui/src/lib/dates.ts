// Date helpers for the date field: how today is shown, and the month grid of the calendar.
// Nothing here checks a date: the core parses what was typed and refuses what it cannot use.

/** The core's today (YYYY-MM-DD) as people write it: 2026-12-01 → 2026/12/1. */
export function shownDate(iso: string): string {
  const parts = iso.split("-").map((p) => Number(p));
  if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p))) return iso;
  const [y, m, d] = parts as [number, number, number];
  return `${y}/${m}/${d}`;
}

/**
 * A date the core sent as YYYY-MM-DD, printed in a list or table the way Japanese screens
 * write it: 2026-12-25 → 2026/12/25, 2027-01-05 → 2027/1/5 (the same as the core's list dates
 * and as people type them).
 * Anything else is returned unchanged: dates inside the core's sentences are never touched.
 */
export function tableDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[1]}/${Number(m[2])}/${Number(m[3])}` : iso;
}

/** The year and month a typed date points at, for opening the calendar there (or null). */
export function monthOf(text: string): { year: number; month: number } | null {
  // Full-width digits count as digits.
  const half = text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const numbers = half.split(/[^0-9]+/).filter((p) => p !== "").map(Number);
  const [year, month] = numbers;
  if (year === undefined || month === undefined || year < 1000 || month < 1 || month > 12) return null;
  return { year, month };
}

/** Moves a month by `delta` (−1 previous, +1 next). */
export function addMonths(at: { year: number; month: number }, delta: number): { year: number; month: number } {
  const index = at.year * 12 + (at.month - 1) + delta;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** The weeks of a month, Sunday first; days outside the month are null. */
export function monthGrid(year: number, month: number): (number | null)[][] {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const cells: (number | null)[] = [...Array<null>(first).fill(null)];
  for (let d = 1; d <= days; d++) cells.push(d);
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (number | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

export const WEEKDAYS = ["日", "月", "火", "水", "木", "金", "土"];
