// sdk_config colours as CSS custom properties (set through the CSSOM, which the CSP allows; the
// values were checked as #rgb/#rrggbb before they get here).
import type { WebSdkConfig } from './sessionPlan';

export function applyColours(colours: WebSdkConfig['colours'], root: HTMLElement = document.documentElement): void {
  if (colours.primary) root.style.setProperty('--primary', colours.primary);
  if (colours.secondary) root.style.setProperty('--secondary', colours.secondary);
  if (colours.font) root.style.setProperty('--font', colours.font);
}
