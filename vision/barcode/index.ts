// Barcodes: PDF417 on North American licences, parsed as AAMVA.
export { configureBarcodeWasm, readPdf417 } from './barcodeReader';
export { aamvaDateToIso, aamvaToMrzFields, parseAamva } from './aamvaParser';
