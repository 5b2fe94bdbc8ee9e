// The staff station's accounts and sign-in: what the composition root and IPC handlers use.
export { openStaffService, DEFAULT_STAFF_IDLE } from './staffService';
export type {
  SignInResult,
  StaffAccountView,
  StaffEvent,
  StaffIdlePolicy,
  StaffService,
  StaffServiceOptions,
  StaffSessionView,
  StaffStatus,
  StaffStoreStatus,
} from './staffService';
export { StaffError, STAFF_ERROR_CODES, type StaffErrorCode } from './staffErrors';
export * from './staffSchemas';
export { DEFAULT_SCRYPT_PARAMS, type ScryptParams } from './credentialHash';
export { DEFAULT_LOCKOUT_POLICY, type LockoutPolicy } from './stationLockout';
export { systemClock, type StaffClock } from './staffSessionClock';
export type { SignOutReason } from './idleSession';
