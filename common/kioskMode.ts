// How a kiosk is run: `unattended` (full screen, the person alone, no staff screens without a PIN)
// or `staff` (a staffed counter: a normal window, the result shown to staff).
export const KIOSK_MODES = ['unattended', 'staff'] as const;
export type KioskMode = (typeof KIOSK_MODES)[number];
export const DEFAULT_KIOSK_MODE: KioskMode = 'unattended';
