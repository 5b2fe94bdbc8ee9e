// The admin screens' IPC handlers. Every one first asks the staff station for a signed-in admin
// (NOT_SIGNED_IN / NOT_ALLOWED otherwise): the role is enforced here in main, whatever the renderer
// shows. Accounts are managed by the staff service (which checks the role again and never returns a
// hash); settings by the settings admin; diagnostics read devices and the service from main.
import type { AdminAccount, StaffGesture } from '../../../common/ipc/adminChannels';
import { adminContract } from '../../../common/ipc/adminChannels';
import type { DeviceStatus, InvokeHandlers, ServiceInfo } from '../../../common/ipc/contract';
import { errorFirstLine } from '../../../common/errorMessage';
import type { Logger } from '../../../platform/logger';
import type { PrintService } from '../receipts/printService';
import type { SystemPrinter } from '../receipts/printTypes';
import { KioskServiceError } from '../serviceErrors';
import { AuditError } from '../audit/auditError';
import type { KeyExported } from '../audit/auditKeyExport';
import type { StaffAccountView, StaffService } from '../staff';
import { checkServiceHealth, type HealthDeps } from './serviceHealth';
import type { ScannerTestRead } from './scannerTestRead';
import type { SettingsAdmin } from './settingsAdmin';
import { SettingsReadOnlyError } from '../../host/settingsAccess';

export type AdminChannel = keyof typeof adminContract;

export interface AdminDeps {
  /** The signed-in admin's token (kept in main); throws NOT_SIGNED_IN or NOT_ALLOWED otherwise. */
  requireAdmin(): string;
  staff: StaffService;
  /** Null when this host keeps no settings file (adminGetSettings answers NOT_ALLOWED). */
  settings: SettingsAdmin | null;
  serviceInfo: ServiceInfo;
  scanners(): DeviceStatus[];
  /** Null when the kiosk has no scanner source. */
  scannerTest: ScannerTestRead | null;
  print: PrintService | null;
  systemPrinter?: SystemPrinter;
  kioskId(): string;
  health?: HealthDeps;
  /** The hidden staff entry as set now (settings: staffGesture; read at each call). */
  staffGesture(): StaffGesture;
  /**
   * Writes the audit key to a new 0600 file and records it (auditKeyExport.ts), for the signed-in
   * admin; null when the log is not open (the action is then refused in words).
   */
  exportAuditKey: ((file: string) => Promise<KeyExported>) | null;
  logger: Logger;
}

const accountView = (a: StaffAccountView): AdminAccount => ({
  id: a.id,
  name: a.name,
  displayName: a.displayName,
  role: a.role,
  disabled: a.disabled,
});

function settingsOf(deps: AdminDeps): SettingsAdmin {
  if (!deps.settings)
    throw new KioskServiceError('NOT_ALLOWED', 'This kiosk keeps no settings file to edit (settings come from its host).');
  return deps.settings;
}

export function createAdminHandlers(deps: AdminDeps): Pick<InvokeHandlers, AdminChannel> {
  return {
    async adminGetSettings() {
      deps.requireAdmin();
      return settingsOf(deps).answer();
    },
    async adminSaveSettings(r) {
      deps.requireAdmin();
      const admin = settingsOf(deps);
      let outcome;
      try {
        outcome = admin.save(r.changes);
      } catch (err) {
        if (err instanceof SettingsReadOnlyError) {
          deps.logger.warn('an admin save was refused: the settings are managed by the operator', { why: err.why });
          throw new KioskServiceError('SETTINGS_READ_ONLY', err.message.slice(0, 600));
        }
        deps.logger.error('settings were not saved', { error: errorFirstLine(err) });
        throw new KioskServiceError(
          'INTERNAL',
          'The settings could not be written; nothing was changed. The kiosk log says why.',
        );
      }
      const now = admin.answer();
      if (!outcome.saved) return { ...now, saved: false, errors: outcome.errors, applied: [] };
      deps.logger.info('settings saved by an admin', { applied: outcome.applied });
      return { ...now, saved: true, errors: [], applied: outcome.applied };
    },
    async adminListAccounts() {
      const token = deps.requireAdmin();
      return { accounts: deps.staff.listAccounts(token).map(accountView) };
    },
    async adminCreateAccount(r) {
      const token = deps.requireAdmin();
      return accountView(await deps.staff.createAccount(token, r));
    },
    async adminUpdateAccount(r) {
      const token = deps.requireAdmin();
      return accountView(await deps.staff.updateAccount(token, r));
    },
    async adminResetPin(r) {
      const token = deps.requireAdmin();
      await deps.staff.resetPin(token, r);
      return { reset: true };
    },
    async adminDiagnostics() {
      deps.requireAdmin();
      const service = await checkServiceHealth(deps.serviceInfo, deps.health);
      let printers: Array<{ name: string; displayName: string }> = [];
      let printersNote: string | null = null;
      if (!deps.systemPrinter) printersNote = 'This host has no system printing: PDFs and ESC/POS printers only.';
      else {
        try {
          printers = (await deps.systemPrinter.printers()).map((p) => ({
            name: p.name.slice(0, 200),
            displayName: (p.displayName || p.name).slice(0, 200),
          }));
          if (!printers.length) printersNote = 'The system lists no printers.';
        } catch (err) {
          printersNote = `The printer list could not be read: ${errorFirstLine(err)}`.slice(0, 300);
        }
      }
      return {
        service,
        scanners: deps.scanners().map((s) => ({ id: s.id, label: s.label, connected: s.connected })),
        printers,
        printersNote,
      };
    },
    async adminTestScanner(r) {
      deps.requireAdmin();
      if (!deps.scannerTest)
        return { read: false, lineCount: 0, format: null, valid: null, detail: 'This kiosk has no document scanner source.' };
      return deps.scannerTest.start(r.timeoutSec * 1000);
    },
    // The start screen needs it before anyone signs in; it says where to tap, nothing more.
    async getStaffGesture() {
      return deps.staffGesture();
    },
    async adminExportAuditKey(r) {
      deps.requireAdmin();
      if (!deps.exportAuditKey)
        throw new KioskServiceError(
          'NOT_ALLOWED',
          'The audit log is not open on this kiosk, so there is no key to export (the kiosk log says why).',
        );
      try {
        const out = await deps.exportAuditKey(r.file);
        deps.logger.info('audit verification key exported by an admin', { keyId: out.keyId, seq: out.seq });
        return out;
      } catch (err) {
        if (err instanceof AuditError && err.code === 'INVALID_INPUT')
          throw new KioskServiceError('INVALID_REQUEST', err.message.slice(0, 300));
        deps.logger.error('the audit key was not exported', { error: errorFirstLine(err) });
        throw new KioskServiceError('INTERNAL', 'The key was not exported; nothing was written. The kiosk log says why.');
      }
    },
    async adminTestPrint(r) {
      deps.requireAdmin();
      if (!deps.print) throw new KioskServiceError('NOT_ALLOWED', 'Printing is not set up on this kiosk.');
      const out = await deps.print.printTest({ kind: r.target, kioskId: deps.kioskId(), at: new Date().toISOString() });
      return { pdf: new Uint8Array(out.pdf), printed: out.printed, detail: out.detail };
    },
  };
}
