// Turns the session's client configuration into the country/document pickers' options. The shape
// follows Yoti's configuration (capture.required_resources[].supported_countries[]); page lists are
// taken from the service when it sends them and otherwise from the document type (a passport is
// one page). selectDocument still returns the service's authoritative `required_pages`.
import { z } from 'zod';
import { DOCUMENT_TYPES, pagesOf, type DocumentType, type PageSide } from '../../common/documents';
import type { DocumentOption } from '../../common/ipc/contract';

const PageList = z.array(z.enum(['front', 'back']));
const SupportedDocument = z
  .object({ type: z.string(), pages: PageList.optional(), required_pages: PageList.optional() })
  .passthrough();
const SupportedCountry = z
  .object({ code: z.string(), supported_documents: z.array(SupportedDocument).optional() })
  .passthrough();
const RequiredResource = z
  .object({
    type: z.string(),
    supported_countries: z.array(SupportedCountry).optional(),
  })
  .passthrough();
const Configuration = z
  .object({ capture: z.object({ required_resources: z.array(RequiredResource).optional() }).passthrough() })
  .passthrough();

class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/** When the service names no pages, a document has the pages its type has (common/documents). */
export function defaultPages(type: DocumentType): PageSide[] {
  return [...pagesOf(type)];
}

export interface ParsedConfiguration {
  documents: DocumentOption[];
}

export function parseClientConfiguration(raw: unknown): ParsedConfiguration {
  const cfg = Configuration.safeParse(raw);
  if (!cfg.success)
    throw new ConfigurationError(
      'The verification service sent a session configuration the kiosk cannot read.',
    );
  const resources = cfg.data.capture.required_resources ?? [];
  const byCountry = new Map<string, DocumentOption>();
  for (const r of resources.filter((x) => x.type === 'ID_DOCUMENT')) {
    for (const c of r.supported_countries ?? []) {
      if (!/^[A-Z]{3}$/.test(c.code)) continue;
      const option = byCountry.get(c.code) ?? { issuingCountry: c.code, documentTypes: [] };
      for (const d of c.supported_documents ?? []) {
        if (!(DOCUMENT_TYPES as readonly string[]).includes(d.type)) continue;
        const type = d.type as DocumentType;
        if (option.documentTypes.some((t) => t.type === type)) continue;
        option.documentTypes.push({ type, pages: d.pages ?? d.required_pages ?? defaultPages(type) });
      }
      if (option.documentTypes.length) byCountry.set(c.code, option);
    }
  }
  return {
    documents: [...byCountry.values()].sort((a, b) => a.issuingCountry.localeCompare(b.issuingCountry)),
  };
}
