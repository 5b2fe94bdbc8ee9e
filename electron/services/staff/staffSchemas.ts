// The staff service's inputs, as zod schemas an IPC handler parses before calling it (the service
// parses them again: it is the boundary that keeps the accounts file sane). Strict objects: an
// unknown field is an error, not silently dropped.
import { z } from 'zod';

export const STAFF_ROLES = ['staff', 'admin'] as const;
export const StaffRole = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof StaffRole>;

export const MIN_PIN_DIGITS = 6;
export const MAX_PIN_DIGITS = 32;
export const MIN_PASSPHRASE_CHARS = 10;
export const MAX_CREDENTIAL_CHARS = 256;

/**
 * A new PIN or passphrase: only digits (at least 6) is a PIN; anything else is a passphrase of at
 * least 10 characters. Compared after Unicode NFC normalization (see credentialHash.ts).
 */
export const NewCredential = z
  .string()
  .max(MAX_CREDENTIAL_CHARS, `A PIN or passphrase has at most ${MAX_CREDENTIAL_CHARS} characters.`)
  .superRefine((value, ctx) => {
    if (/^\d+$/.test(value)) {
      if (value.length < MIN_PIN_DIGITS)
        ctx.addIssue({ code: 'custom', message: `A PIN has at least ${MIN_PIN_DIGITS} digits.` });
      else if (value.length > MAX_PIN_DIGITS)
        ctx.addIssue({ code: 'custom', message: `A PIN has at most ${MAX_PIN_DIGITS} digits.` });
    } else if (value.trim().length < MIN_PASSPHRASE_CHARS) {
      ctx.addIssue({
        code: 'custom',
        message: `Use a PIN of at least ${MIN_PIN_DIGITS} digits or a passphrase of at least ${MIN_PASSPHRASE_CHARS} characters.`,
      });
    }
  });

/** What is typed at sign-in: any non-empty string within bounds (its format says nothing). */
export const EnteredCredential = z.string().min(1, 'Enter your PIN.').max(MAX_CREDENTIAL_CHARS);

/** The sign-in name: compared without case; letters, digits and . _ - (no spaces, no control chars). */
export const AccountName = z
  .string()
  .trim()
  .min(1, 'Enter a name.')
  .max(64, 'A name has at most 64 characters.')
  .regex(/^[\p{L}\p{N}._-]+$/u, 'A name uses letters, digits, ".", "_" and "-" only.');

export const DisplayName = z
  .string()
  .trim()
  .min(1, 'Enter a display name.')
  .max(80, 'A display name has at most 80 characters.')
  .regex(/^[^\p{Cc}\p{Cf}]+$/u, 'A display name has no control characters.');

export const AccountId = z.uuid('Not an account id.');

/** Idle time before sign-out, for one account (admins may give a counter its own). */
export const IdleTimeoutSeconds = z.number().int().min(30).max(8 * 3600);

export const SignInInput = z.union([
  z.strictObject({ accountId: AccountId, pin: EnteredCredential }),
  z.strictObject({ name: AccountName, pin: EnteredCredential }),
]);
export type SignInInput = z.infer<typeof SignInInput>;

export const CreateFirstAdminInput = z.strictObject({
  name: AccountName,
  displayName: DisplayName,
  pin: NewCredential,
});
export type CreateFirstAdminInput = z.infer<typeof CreateFirstAdminInput>;

export const CreateAccountInput = z.strictObject({
  name: AccountName,
  displayName: DisplayName,
  role: StaffRole,
  pin: NewCredential,
  idleTimeoutSeconds: IdleTimeoutSeconds.optional(),
});
export type CreateAccountInput = z.infer<typeof CreateAccountInput>;

export const UpdateAccountInput = z
  .strictObject({
    accountId: AccountId,
    displayName: DisplayName.optional(),
    role: StaffRole.optional(),
    disabled: z.boolean().optional(),
    /** null: back to the station's default. */
    idleTimeoutSeconds: IdleTimeoutSeconds.nullable().optional(),
  })
  .refine((u) => Object.keys(u).length > 1, 'Nothing to change.');
export type UpdateAccountInput = z.infer<typeof UpdateAccountInput>;

export const ResetPinInput = z.strictObject({ accountId: AccountId, pin: NewCredential });
export type ResetPinInput = z.infer<typeof ResetPinInput>;

export const AccountRef = z.strictObject({ accountId: AccountId });
export type AccountRef = z.infer<typeof AccountRef>;

/** The opaque session token main keeps; never sent to the renderer. */
export const SessionToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Not a session token.');
