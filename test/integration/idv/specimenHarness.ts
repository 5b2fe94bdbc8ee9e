// A suite's service with the specimen images it uploads: the harness started and each named
// specimen read once, before the suite's tests (the suite closes the harness after them).
import { fixture, startHarness, type Harness } from './support';

export async function startWithSpecimens<Name extends string>(
  specimens: Record<Name, string>,
): Promise<{ h: Harness } & Record<Name, Buffer>> {
  const h = await startHarness();
  const images = {} as Record<Name, Buffer>;
  for (const [name, file] of Object.entries(specimens) as Array<[Name, string]>)
    images[name] = await fixture(file);
  return { h, ...images };
}
