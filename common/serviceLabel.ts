// What a result of the local IDV service says about itself, everywhere (the service's API, the
// kiosk's report, the UI's fallback text, logs): never to be mistaken for a Yoti verification.
export const LOCAL_SERVICE_LABEL = 'Local IDV service — not a Yoti verification';
