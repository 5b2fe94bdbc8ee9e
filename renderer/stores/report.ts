// The staff report (staff mode only) and the object URLs its images are shown through: created from
// the bytes main sends, revoked when the report is replaced or wiped.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { PageSide } from '../../common/documents';
import type { StaffReport } from '../../common/ipc/contract';
import { useFlowEnvironment } from './flowEnvironment';
import { createObjectUrlSet } from './objectUrls';

export interface ReportImages {
  pages: Array<{ side: PageSide; url: string }>;
  face: string | null;
}

const NO_IMAGES: ReportImages = { pages: [], face: null };

export const useReportStore = defineStore('report', () => {
  const { env } = useFlowEnvironment();
  const urls = createObjectUrlSet(env);
  const report = shallowRef<StaffReport | null>(null);
  const images = shallowRef<ReportImages>(NO_IMAGES);

  function show(value: StaffReport): void {
    urls.revokeAll();
    report.value = value;
    images.value = {
      pages: value.pages.map((p) => ({ side: p.side, url: urls.create(p.image.bytes, p.image.mime) })),
      face: value.face ? urls.create(value.face.bytes, value.face.mime) : null,
    };
  }

  function wipe(): void {
    urls.revokeAll();
    report.value = null;
    images.value = NO_IMAGES;
  }

  return { report, images, show, wipe };
});
