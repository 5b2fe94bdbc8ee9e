// The demo camera (demo mode only): a virtual camera whose stream is a canvas showing, for the
// capture step on screen, the specimen page the person chose or the sample face from main
// (`getDemoCamera`). It goes through the same pipeline as a real camera (useCamera, the capture
// worker, guidance and auto-capture). It never exists without appInfo.demo.
import { computed } from 'vue';
import type { DocumentType, PageSide } from '../../common/documents';
import type { MediaImage } from '../../common/ipc/contract';
import { useCameraStore, type DemoPictures } from '../stores/camera';
import { useSessionStore } from '../stores/session';
import type { VirtualCamera } from './useCamera';

/** What the demo camera should be looking at. */
export type DemoShot =
  | { kind: 'page'; issuingCountry: string | null; documentType: DocumentType | null; side: PageSide }
  | { kind: 'face' };

const FRAME = { width: 1920, height: 1080 };
const FPS = 10;
/** Share of the frame the picture may take: a document well inside the guide, with desk around it. */
const FIT = 0.8;

/** The picture for a shot: the exact page if the demo has it, else the closest (same side first). */
export function demoPictureFor(pictures: DemoPictures, shot: DemoShot): MediaImage {
  if (shot.kind === 'face') return pictures.face;
  const docs = pictures.documents;
  const sameSide = docs.filter((d) => d.side === shot.side);
  const exact = sameSide.find(
    (d) => d.issuingCountry === shot.issuingCountry && d.documentType === shot.documentType,
  );
  const sameType = sameSide.find((d) => d.documentType === shot.documentType);
  const pick = exact ?? sameType ?? sameSide[0] ?? docs[0];
  return pick ? pick.image : pictures.face;
}

function paint(ctx: CanvasRenderingContext2D, picture: ImageBitmap): void {
  // A plain dark desk, the picture centred on it at a fixed size (a still hand: steady frames).
  ctx.fillStyle = '#23272e';
  ctx.fillRect(0, 0, FRAME.width, FRAME.height);
  const scale = Math.min((FRAME.width * FIT) / picture.width, (FRAME.height * FIT) / picture.height);
  const w = Math.round(picture.width * scale);
  const h = Math.round(picture.height * scale);
  ctx.drawImage(picture, Math.round((FRAME.width - w) / 2), Math.round((FRAME.height - h) / 2), w, h);
}

function demoCamera(load: () => Promise<DemoPictures>, shot: DemoShot): VirtualCamera {
  let timer: ReturnType<typeof setInterval> | null = null;
  let picture: ImageBitmap | null = null;
  let closed = false;
  return {
    async open() {
      const image = demoPictureFor(await load(), shot);
      const bitmap = await createImageBitmap(
        new Blob([image.bytes as Uint8Array<ArrayBuffer>], { type: image.mime }),
      );
      if (closed) {
        bitmap.close();
        throw new Error('the demo camera was closed while it opened');
      }
      picture = bitmap;
      const canvas = document.createElement('canvas');
      canvas.width = FRAME.width;
      canvas.height = FRAME.height;
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no 2D canvas for the demo camera');
      paint(ctx, bitmap);
      // captureStream sends a frame only when the canvas is painted: repaint at the frame rate.
      timer = setInterval(() => paint(ctx, bitmap), 1000 / FPS);
      return canvas.captureStream(FPS);
    },
    close() {
      closed = true;
      if (timer) clearInterval(timer);
      timer = null;
      picture?.close();
      picture = null;
    },
  };
}

export function useDemoCamera(shot: () => DemoShot) {
  const session = useSessionStore();
  const cameras = useCameraStore();
  /** The demo camera is in use on this screen (the screen labels it as a demo). */
  const active = computed(() => cameras.useDemo && session.appInfo?.demo != null);

  /** A fresh virtual camera for useCamera, or null when the demo camera is not in use. */
  function source(): VirtualCamera | null {
    if (!active.value) return null;
    return demoCamera(() => cameras.loadDemoPictures(), shot());
  }

  return { active, source };
}
