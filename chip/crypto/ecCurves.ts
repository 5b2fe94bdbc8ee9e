// PACE's standardized elliptic-curve domain parameters (ICAO 9303 Part 11 §9.5.1) that the
// maintained curve library (@noble/curves) provides. Point addition, needed by the generic
// mapping G~ = s·G + H, is the reason for the library: node:crypto only exposes ECDH's x.
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import type { WeierstrassPoint, WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js';

export type EcPoint = WeierstrassPoint<bigint>;

export interface EcDomain {
  name: string;
  /** The curve's name for node:crypto (createECDH). */
  nodeName: string;
  Point: WeierstrassPointCons<bigint>;
  /** Field element size in bytes. */
  size: number;
  randomScalar(): bigint;
}

function domain(name: string, nodeName: string, curve: typeof p256): EcDomain {
  return {
    name,
    nodeName,
    Point: curve.Point,
    size: curve.Point.Fp.BYTES,
    randomScalar: () => bytesToBigInt(curve.utils.randomSecretKey()),
  };
}

export const EC_DOMAINS: Record<number, EcDomain> = {
  12: domain('NIST P-256', 'prime256v1', p256),
  13: domain('brainpoolP256r1', 'brainpoolP256r1', brainpoolP256r1),
  15: domain('NIST P-384', 'secp384r1', p384),
  16: domain('brainpoolP384r1', 'brainpoolP384r1', brainpoolP384r1),
  17: domain('brainpoolP512r1', 'brainpoolP512r1', brainpoolP512r1),
  18: domain('NIST P-521', 'secp521r1', p521),
};

export function bytesToBigInt(b: Uint8Array): bigint {
  return b.length === 0 ? 0n : BigInt(`0x${Buffer.from(b).toString('hex')}`);
}

export function bigIntToBytes(v: bigint, size: number): Buffer {
  return Buffer.from(v.toString(16).padStart(size * 2, '0'), 'hex');
}

/** Uncompressed SEC1 encoding (04 || x || y). */
export function encodePoint(p: EcPoint): Buffer {
  return Buffer.from(p.toBytes(false));
}
