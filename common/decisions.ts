// What staff decide about a person's verification (the staff station; recorded in the audit log).
// A plain module, no zod: the renderer imports the value (the contract's zod would trip its CSP).
export const DECISIONS = ['APPROVE', 'REJECT', 'REFER'] as const;
export type Decision = (typeof DECISIONS)[number];
