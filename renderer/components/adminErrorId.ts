// The element id (and test id) of main's reason beside a refused admin setting: one name for the
// field or group that shows it and the controls that point at it.
import type { AdminSettingKey } from '../../common/ipc/adminChannels';

export const adminErrorId = (setting: AdminSettingKey): string => `admin-error-${setting}`;
