// The print view (印刷・PDFで保存): which sheet is open over the app, and where the focus goes
// back when it closes. Any screen opens it; App shows it and hides the rest (kept alive, so
// the board's filter, ticks and scroll survive).
import type { SheetRequest } from "./api";

export const printing = $state<{ request: SheetRequest | null; opener: HTMLElement | null }>({
  request: null,
  opener: null,
});

export function openPrint(request: SheetRequest) {
  printing.opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  printing.request = request;
}

export function closePrint() {
  const back = printing.opener;
  printing.request = null;
  printing.opener = null;
  // After the app is shown again (the opener is inside it).
  queueMicrotask(() => requestAnimationFrame(() => back?.focus()));
}
