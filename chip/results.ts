// Outcomes of chip and active authentication, named so the kiosk, the CLI and the IDV service
// say the same thing: PASSED, FAILED (the chip did not prove its key: a clone or substitution),
// NOT_SUPPORTED (the chip does not offer the protocol, or this reader cannot run its variant).
export type AuthStatus = 'PASSED' | 'FAILED' | 'NOT_SUPPORTED';

export interface AuthResult {
  status: AuthStatus;
  detail: string;
}
