// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs the Reflect
// metadata polyfill loaded first; every use of the library in chip/ goes through this module.
// (Named re-exports: `export *` of the CommonJS build loses some bindings under Vite.)
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

export const { X509Certificate, X509Crl, PemConverter } = x509;
export type X509Certificate = x509.X509Certificate;
export type X509Crl = x509.X509Crl;
export { x509 };
