// Demo mode: only a service started with `demo: true` (the kiosk's embedded service, `serve --demo`)
// offers and accepts the ICAO specimen issuer UTO, listed first and marked as a specimen. Any other
// service treats UTO as an unknown country and says why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RequiredIdDocumentBuilder,
  OrthogonalRestrictionsFilterBuilder,
  SessionSpecificationBuilder,
} from 'yoti';
import { SPECIMEN_COUNTRY } from '../../../common/documents';
import { call, clientApi, fullSpecification, startHarness, type Harness } from './support';

type Countries = Array<{ code: string; is_specimen?: boolean }>;

async function supportedCountries(h: Harness): Promise<Countries> {
  const res = await call(`${h.server.rpApiUrl}/supported-documents`);
  expect(res.status).toBe(200);
  return res.json.supported_countries as Countries;
}

async function configurationCountries(h: Harness): Promise<Countries> {
  const created = await h.idv.createSession(fullSpecification());
  const client = clientApi(h, created.getSessionId(), created.getClientSessionToken());
  const config = await client.configuration();
  expect(config.status).toBe(200);
  const resources = (config.json.capture as { required_resources: Array<Record<string, unknown>> })
    .required_resources;
  const doc = resources.find((r) => r.type === 'ID_DOCUMENT');
  return (doc?.supported_countries ?? []) as Countries;
}

describe('demo mode and the specimen issuer', () => {
  let demo: Harness;
  let production: Harness;
  beforeAll(async () => {
    demo = await startHarness({ demo: true });
    production = await startHarness({ demo: false });
  }, 60_000);
  afterAll(async () => {
    await demo?.close();
    await production?.close();
  });

  it('in demo mode lists UTO first, marked as a specimen, and accepts it', async () => {
    const supported = await supportedCountries(demo);
    expect(supported[0]).toMatchObject({ code: SPECIMEN_COUNTRY, is_specimen: true });
    expect(supported.filter((c) => c.is_specimen).map((c) => c.code)).toEqual([SPECIMEN_COUNTRY]);
    const offered = await configurationCountries(demo);
    expect(offered[0]).toMatchObject({ code: SPECIMEN_COUNTRY, is_specimen: true });
    expect(offered[1].code).toBe('ABW'); // then the real countries, A-Z

    const created = await demo.idv.createSession(fullSpecification());
    const client = clientApi(demo, created.getSessionId(), created.getClientSessionToken());
    expect((await client.createDocument(SPECIMEN_COUNTRY, 'PASSPORT')).status).toBe(201);
  });

  it('without demo mode UTO is an unknown country, with a message that says why', async () => {
    expect((await supportedCountries(production)).map((c) => c.code)).not.toContain(SPECIMEN_COUNTRY);
    const offered = await configurationCountries(production);
    expect(offered.map((c) => c.code)).not.toContain(SPECIMEN_COUNTRY);
    expect(offered[0].code).toBe('ABW');

    const created = await production.idv.createSession(fullSpecification());
    const client = clientApi(production, created.getSessionId(), created.getClientSessionToken());
    const refused = await client.createDocument(SPECIMEN_COUNTRY, 'PASSPORT');
    expect(refused.status).toBe(400);
    expect(refused.json.code).toBe('UNKNOWN_COUNTRY');
    expect(refused.json.message).toBe(
      'issuing_country: UTO is the ICAO specimen issuer, accepted only when the service runs in demo mode',
    );
    expect((await client.createDocument('GBR', 'PASSPORT')).status).toBe(201);
  });

  it('without demo mode a session may not ask for UTO documents', async () => {
    const spec = new SessionSpecificationBuilder()
      .withRequiredDocument(
        new RequiredIdDocumentBuilder()
          .withFilter(
            new OrthogonalRestrictionsFilterBuilder().withWhitelistedCountries([SPECIMEN_COUNTRY]).build(),
          )
          .build(),
      )
      .build();
    await expect(production.idv.createSession(spec)).rejects.toMatchObject({
      message: expect.stringContaining('UNKNOWN_COUNTRY'),
    });
    const accepted = await demo.idv.createSession(spec);
    expect(accepted.getSessionId()).toMatch(/^[0-9a-f-]{36}$/);
  });
});
