// Kept only so electron/host/composeKiosk.ts's `newSealKey` import keeps working: the outbox seals with
// platform/aesGcmEnvelope.ts. Import `newEnvelopeKey` from there instead, then delete this file.
export { newEnvelopeKey as newSealKey } from '../../platform/aesGcmEnvelope';
