// The person's pictures while the flow runs: per page side the grabbed frame and the encoded photo
// (as an object URL), the bytes held for a resend after a failed upload, and the face. Every URL is
// revoked and every frame closed when its page is released or on a wipe.
import { defineStore } from 'pinia';
import { markRaw, ref } from 'vue';
import type { CaptureMethod, PageSide } from '../../common/documents';
import { useFlowEnvironment } from './flowEnvironment';
import { createObjectUrlSet } from './objectUrls';

export interface CapturedImage {
  bytes: Uint8Array<ArrayBuffer>;
  mime: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
  method: CaptureMethod;
  /** Taken automatically by the quality loop rather than by the shutter button. */
  auto: boolean;
}

export interface GrabbedFrame {
  bitmap: ImageBitmap;
  width: number;
  height: number;
}

/** What the review shows of a page. */
export interface PagePhoto {
  token: number;
  /** Object URL of the encoded photo; null while the capture worker is still encoding it. */
  url: string | null;
  /** The grabbed frame, shown at once while the photo is encoded (closed once the review is left). */
  preview: ImageBitmap | null;
  width: number;
  height: number;
}

export const useCaptureStore = defineStore('capture', () => {
  const { env } = useFlowEnvironment();
  const urls = createObjectUrlSet(env);
  const pages = ref<Partial<Record<PageSide, PagePhoto>>>({});
  const faceUrl = ref<string | null>(null);
  // Raw bytes kept for a resend; not reactive.
  const held = new Map<PageSide | 'face', CapturedImage>();

  function setPage(side: PageSide, photo: PagePhoto | null): void {
    const next = { ...pages.value };
    if (photo) next[side] = photo;
    else delete next[side];
    pages.value = next;
  }

  /** A new photo of `side` is being taken: whatever was there before is released. */
  function startPage(
    side: PageSide,
    token: number,
    frame: GrabbedFrame | null,
    size: { width: number; height: number },
  ): void {
    releasePage(side);
    setPage(side, {
      token,
      url: null,
      preview: frame ? markRaw(frame.bitmap) : null,
      width: frame?.width ?? size.width,
      height: frame?.height ?? size.height,
    });
  }

  /** The encoded photo for the page taken with `token`; false when that page is gone (retaken, wiped). */
  function setPagePhoto(side: PageSide, token: number, img: CapturedImage): boolean {
    const page = pages.value[side];
    if (!page || page.token !== token || page.url) return false;
    held.set(side, img);
    setPage(side, { ...page, url: urls.create(img.bytes, img.mime), width: img.width, height: img.height });
    return true;
  }

  /** The page is with main now (uploaded or in its outbox): keep only its photo URL. */
  function pageKept(side: PageSide): void {
    held.delete(side);
    const page = pages.value[side];
    if (page?.preview) {
      // The grabbed frame (full-size, GPU-backed) is not needed once the review is left.
      page.preview.close();
      setPage(side, { ...page, preview: null });
    }
  }

  function releasePage(side: PageSide): void {
    const page = pages.value[side];
    if (!page) return;
    urls.revoke(page.url);
    page.preview?.close();
    held.delete(side);
    setPage(side, null);
  }

  function heldPage(side: PageSide): CapturedImage | null {
    return held.get(side) ?? null;
  }

  function setFace(img: CapturedImage): void {
    urls.revoke(faceUrl.value);
    held.set('face', img);
    faceUrl.value = urls.create(img.bytes, img.mime);
  }

  function heldFace(): CapturedImage | null {
    return held.get('face') ?? null;
  }

  function faceSent(): void {
    held.delete('face');
  }

  function forgetFace(): void {
    held.delete('face');
  }

  function wipe(): void {
    for (const page of Object.values(pages.value)) page?.preview?.close();
    urls.revokeAll();
    held.clear();
    pages.value = {};
    faceUrl.value = null;
  }

  return {
    pages,
    faceUrl,
    startPage,
    setPagePhoto,
    pageKept,
    releasePage,
    heldPage,
    setFace,
    heldFace,
    faceSent,
    forgetFace,
    wipe,
  };
});
