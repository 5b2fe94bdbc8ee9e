// Values the store keeps as opaque JSON (results, feedback, a page's reading, recorded responses)
// go through a JSON round trip: what is stored is exactly what a reader will get back.
import type { JsonObject } from '../store/types';

export function toJsonObject(value: object): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}
