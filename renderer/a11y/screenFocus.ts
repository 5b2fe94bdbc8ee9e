// What a screen change does for someone who cannot see it: focus moves to the new screen's
// heading (so a screen reader reads it and Tab starts from there), and the instruction to speak
// is gathered from the screen itself: its heading and the lines marked `data-speak`, in order.

/** The screen's heading: its first h1 (the idle dialog is outside the screen's root). */
export function screenHeading(root: ParentNode): HTMLElement | null {
  return root.querySelector<HTMLElement>('[data-screen] h1') ?? root.querySelector<HTMLElement>('h1');
}

/** Moves focus to the heading; it is focusable by script only (tabindex -1), never a Tab stop. */
export function focusHeading(heading: HTMLElement): void {
  if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
  heading.focus({ preventScroll: false });
}

const clean = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

/** The words to say for the screen: the heading, then each `data-speak` line (visible ones). */
export function screenInstruction(root: ParentNode): string {
  const heading = screenHeading(root);
  const lines = [clean(heading?.textContent)];
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-screen] [data-speak]'))) {
    if (el.closest('[hidden]')) continue;
    lines.push(clean(el.textContent));
  }
  return lines
    .filter((l) => l.length > 0)
    .map((l) => (/[.!?…。؟:]$/.test(l) ? l : `${l}.`))
    .join(' ');
}
