// Runs a submitted session's requested tasks and checks on what was uploaded. Every outcome is
// computed from the resources (or, in the sandbox, taken from the response-config in force and
// marked so); anything that cannot be decided is NOT_AVAILABLE with the reason why.
import { randomUUID } from 'node:crypto';
import type { MrzReading, RgbaImage } from '../../vision/contract';
import { FACE_MATCH_THRESHOLD } from '../../vision/faces/faceAnalysis';
import { authenticityReport } from './checks/authenticityCheck';
import type { FaceSource } from './checks/faceMatchCheck';
import { faceMatchReport } from './checks/faceMatchCheck';
import { livenessReport } from './checks/livenessCheck';
import { NOT_AVAILABLE } from './checks/reasons';
import { textDataReport } from './checks/textDataCheck';
import { profileMatchReport } from './checks/profileMatchCheck';
import type { DocumentEvidence } from './documentEvidence';
import { gatherDocumentEvidence } from './documentEvidence';
import { documentFieldsFrom, expandedFieldsFrom } from './documentFields';
import type { PortraitOutcome } from './documentPortrait';
import { findDocumentPortrait, sandboxPortrait } from './documentPortrait';
import { checkJson, errorText, recommendation, reportOf, subCheck } from './reportJson';
import { SandboxOverrides } from './sandboxOverrides';
import { gatherChipEvidence, type ChipEvidence } from '../chip/chipEvidence';
import { withChipEvidence } from '../chip/chipReport';
import { DOCUMENT_CHECK_TYPES, TASK_TYPES, TEXT_DATA_CHECK, type CheckType } from '../../common/checkTypes';
import type { VisionPort } from '../../vision/contract';
import type {
  CheckJson,
  CheckSource,
  DocumentFieldsJson,
  IdDocumentInput,
  IdDocumentResult,
  PipelineInput,
  PipelineResult,
  PipelineThresholds,
  ReportJson,
  TaskJson,
} from './types';

export { analyseUploadedPage, uploadFeedback } from './uploadFeedback';

// vision's suggested cut-off, calibrated only on the images available offline (see the report detail).
export const DEFAULT_THRESHOLDS: PipelineThresholds = { faceMatch: FACE_MATCH_THRESHOLD };

const [TEXT_EXTRACTION] = TASK_TYPES;
const FACE_MATCH: CheckType = 'ID_DOCUMENT_FACE_MATCH';
const DOCUMENT_CHECKS = new Set<string>(DOCUMENT_CHECK_TYPES);

export async function runPipeline(input: PipelineInput): Promise<PipelineResult> {
  const at = input.now.toISOString();
  const newId = input.newId ?? randomUUID;
  const vision = input.vision ?? null;
  const thresholds: PipelineThresholds = { ...DEFAULT_THRESHOLDS, ...input.thresholds };
  const decodeCache = new Map<string, Promise<RgbaImage>>();
  const sandbox = new SandboxOverrides(input.sandbox);
  const sandboxSource: CheckSource =
    input.sandbox?.level === 'APPLICATION' ? 'SANDBOX_APPLICATION' : 'SANDBOX_SESSION';

  const requestedTypes = unique(
    input.requestedChecks.map((c) => c.type).filter((t) => typeof t === 'string'),
  );
  const extractionRequested = input.requestedTasks.some((t) => t.type === TEXT_EXTRACTION);

  const checks: CheckJson[] = [];
  const checkSources: Record<string, CheckSource> = {};
  const tasks: TaskJson[] = [];
  const idDocuments: IdDocumentResult[] = [];

  // Read each document once, only when something needs it.
  const needsDocuments =
    extractionRequested ||
    requestedTypes.some((t) => DOCUMENT_CHECKS.has(t) || t === 'PROFILE_DOCUMENT_MATCH');
  const evidence = new Map<string, DocumentEvidence>();
  if (needsDocuments) {
    for (const doc of input.idDocuments) {
      evidence.set(doc.resourceId, await gatherDocumentEvidence(doc, vision, input.now, decodeCache));
    }
  }
  // The chip data of each document that has some (never throws: unusable data says why).
  const chips = new Map<string, ChipEvidence>();
  for (const doc of input.idDocuments) {
    if (doc.chip === null || doc.chip === undefined) continue;
    const ev = evidence.get(doc.resourceId);
    const chip = await gatherChipEvidence({
      body: doc.chip,
      imageMrz: ev?.imageMrz?.reading ?? null,
      scannerMrz: ev?.scannerMrz ?? null,
      store: input.cscaStore,
      now: input.now,
    });
    if (chip) chips.set(doc.resourceId, chip);
  }

  const addCheck = async (
    type: string,
    resourcesUsed: string[],
    target: Parameters<SandboxOverrides['check']>[1],
    compute: () => Promise<ReportJson> | ReportJson,
    id: string = newId(),
    generatedMedia: CheckJson['generated_media'] = [],
  ): Promise<ReturnType<SandboxOverrides['check']>> => {
    const override = sandbox.check(type, target);
    const report = override ? override.report : await computeSafely(compute);
    const check = checkJson({ type, id, resourcesUsed, report, at, generatedMedia });
    checks.push(check);
    checkSources[id] = override ? sandboxSource : 'COMPUTED';
    input.onCheck?.(check);
    return override;
  };

  // Text extraction tasks, each with the text data check it yields (as at Yoti).
  const textChecksDone = new Set<string>();
  for (const doc of input.idDocuments) {
    const result: IdDocumentResult = {
      resourceId: doc.resourceId,
      tasks: [],
      documentFields: null,
      documentIdPhoto: null,
    };
    idDocuments.push(result);
    if (!extractionRequested) continue;
    const ev = evidence.get(doc.resourceId) as DocumentEvidence;
    const target = { documentType: doc.documentType, issuingCountry: doc.issuingCountry };

    const taskOverride = sandbox.textExtraction(target);
    // The text data check's sandbox entry is taken now so its document_fields can feed the media.
    const checkOverride = sandbox.check(TEXT_DATA_CHECK, target);

    // DG1 read from the chip, when there is a trusted one, is where the fields come from, unless
    // the task says chip_data IGNORE (Yoti's RequestedTextExtractionTask withChipDataIgnore).
    const chipIgnored = input.requestedTasks.find((t) => t.type === TEXT_EXTRACTION)?.config?.chip_data === 'IGNORE';
    const chipFields = chipIgnored ? null : chipFieldsOf(chips.get(doc.resourceId));
    let fields: DocumentFieldsJson | null = documentFieldsFrom(
      chipFields ? { ...ev, mrz: { reading: chipFields, source: 'CHIP' } } : ev,
    );
    if (taskOverride?.documentFields)
      fields = { ...taskOverride.documentFields, extraction_source: 'SANDBOX' };
    else if (checkOverride?.documentFields)
      fields = { ...checkOverride.documentFields, extraction_source: 'SANDBOX' };

    const generatedMedia: TaskJson['generated_media'] = [];
    if (fields) {
      const content = new TextEncoder().encode(JSON.stringify(fields));
      const mediaId = await storeOrName(input, newId, {
        resourceId: doc.resourceId,
        purpose: 'DOCUMENT_FIELDS',
        contentType: 'application/json',
        content,
      });
      result.documentFields = { mediaId, json: fields };
      generatedMedia.push({ id: mediaId, type: 'JSON' });
    }
    const taskConfig = input.requestedTasks.find((t) => t.type === TEXT_EXTRACTION)?.config;
    if (fields && taskConfig?.create_expanded_document_fields === true) {
      const expanded = expandedFieldsFrom(fields, ev);
      const mediaId = await storeOrName(input, newId, {
        resourceId: doc.resourceId,
        purpose: 'DOCUMENT_FIELDS',
        contentType: 'application/json',
        content: new TextEncoder().encode(JSON.stringify(expanded)),
      });
      result.expandedDocumentFields = { mediaId };
      generatedMedia.push({ id: mediaId, type: 'JSON' });
    }
    if (taskOverride?.idPhoto) {
      const mediaId = await storeOrName(input, newId, {
        resourceId: doc.resourceId,
        purpose: 'PIPELINE_OTHER',
        contentType: taskOverride.idPhoto.contentType,
        content: taskOverride.idPhoto.data,
      });
      result.documentIdPhoto = { mediaId, ...taskOverride.idPhoto };
    }

    const checkId = newId();
    const task: TaskJson = {
      type: TEXT_EXTRACTION,
      id: newId(),
      state: 'DONE',
      resource_id: doc.resourceId,
      resources_used: [doc.resourceId],
      generated_media: generatedMedia,
      generated_checks: [{ id: checkId, type: TEXT_DATA_CHECK }],
      created: at,
      last_updated: at,
    };
    const taskRecommendation = taskOverride?.recommendation ?? extractionRecommendation(ev, fields);
    if (taskRecommendation) task.recommendation = taskRecommendation;
    result.tasks.push(task);
    tasks.push(task);

    const report = checkOverride
      ? checkOverride.report
      : await computeSafely(() => textDataReport(ev, input.now));
    const textCheck = checkJson({
      type: TEXT_DATA_CHECK,
      id: checkId,
      resourcesUsed: [doc.resourceId],
      report,
      at,
      generatedMedia,
    });
    checks.push(textCheck);
    checkSources[checkId] = checkOverride ? sandboxSource : 'COMPUTED';
    input.onCheck?.(textCheck);
    textChecksDone.add(doc.resourceId);
  }

  // The document's id photo: with the text extraction (as at Yoti), and whenever face match needs it.
  const portraits = new Map<string, PortraitOutcome>();
  if (vision && (extractionRequested || requestedTypes.includes(FACE_MATCH))) {
    for (const doc of input.idDocuments) {
      const result = idDocuments.find((d) => d.resourceId === doc.resourceId) as IdDocumentResult;
      if (result.documentIdPhoto) {
        // The sandbox's id photo stands for the document's: face match compares with it.
        portraits.set(doc.resourceId, await sandboxPortrait(result.documentIdPhoto, vision));
        continue;
      }
      const portrait = chipPortraitOf(chips.get(doc.resourceId)) ?? (await portraitSafely(doc, vision, decodeCache));
      portraits.set(doc.resourceId, portrait);
      if (!portrait.found) continue;
      const mediaId = await storeOrName(input, newId, {
        resourceId: doc.resourceId,
        purpose: 'PIPELINE_OTHER',
        contentType: portrait.contentType,
        content: portrait.content,
      });
      result.documentIdPhoto = { mediaId, contentType: portrait.contentType, data: portrait.content };
    }
  }

  const faceSource = pickFaceSource(input);
  for (const type of requestedTypes) {
    switch (type) {
      case 'ID_DOCUMENT_AUTHENTICITY':
        await perDocument(input.idDocuments, type, async (doc) => {
          await addCheck(type, [doc.resourceId], docTarget(doc), () =>
            withChipEvidence(
              authenticityReport(evidence.get(doc.resourceId) as DocumentEvidence, input.now),
              chips.get(doc.resourceId) ?? null,
            ),
          );
        });
        break;
      case TEXT_DATA_CHECK:
        await perDocument(input.idDocuments, type, async (doc) => {
          if (textChecksDone.has(doc.resourceId)) return;
          await addCheck(type, [doc.resourceId], docTarget(doc), () =>
            textDataReport(evidence.get(doc.resourceId) as DocumentEvidence, input.now),
          );
        });
        break;
      case FACE_MATCH:
        await perDocument(input.idDocuments, type, async (doc) => {
          const used = faceSource ? [doc.resourceId, faceSource.resourceId] : [doc.resourceId];
          const portrait = portraits.get(doc.resourceId) ?? null;
          await addCheck(type, used, docTarget(doc), () =>
            faceMatchReport(portrait, faceSource, vision, thresholds.faceMatch, decodeCache),
          );
        });
        break;
      case 'LIVENESS': {
        if (input.livenessResources.length === 0) {
          await addCheck(type, [], {}, () => livenessReport(null, vision, decodeCache));
        }
        for (const resource of input.livenessResources) {
          await addCheck(type, [resource.resourceId], { livenessType: resource.livenessType }, () =>
            livenessReport(resource, vision, decodeCache),
          );
        }
        break;
      }
      case 'PROFILE_DOCUMENT_MATCH':
        await perDocument(input.idDocuments, type, async (doc) => {
          const fields =
            idDocuments.find((d) => d.resourceId === doc.resourceId)?.documentFields?.json ??
            documentFieldsFrom(evidence.get(doc.resourceId) as DocumentEvidence);
          await addCheck(type, [doc.resourceId], docTarget(doc), () =>
            profileMatchReport(input.applicantProfile ?? null, fields),
          );
        });
        break;
      case 'IBV_VISUAL_REVIEW_CHECK':
        // A person decides it: the branch's staff review (idv/review applies it).
        await addCheck(type, input.idDocuments.map((d) => d.resourceId), {}, () =>
          reportOf(recommendation('NOT_AVAILABLE', 'waiting for the branch staff visual review'), []),
        );
        break;
      default: {
        const reason = NOT_AVAILABLE.unsupportedCheck(type);
        await addCheck(type, [], {}, () => reportOf(recommendation('NOT_AVAILABLE', reason), []));
      }
    }
  }

  async function perDocument(
    docs: IdDocumentInput[],
    type: string,
    fn: (doc: IdDocumentInput) => Promise<void>,
  ): Promise<void> {
    if (docs.length === 0) {
      await addCheck(type, [], {}, () =>
        reportOf(recommendation('NOT_AVAILABLE', NOT_AVAILABLE.noDocument), []),
      );
      return;
    }
    for (const doc of docs) await fn(doc);
  }

  return { checks, tasks, idDocuments, checkSources };
}

/** One check's failure must not sink the session: it becomes that check's NOT_AVAILABLE. */
async function computeSafely(compute: () => Promise<ReportJson> | ReportJson): Promise<ReportJson> {
  try {
    return await compute();
  } catch (error) {
    const reason = `the check could not be computed (${errorText(error)})`;
    return reportOf(recommendation('NOT_AVAILABLE', reason), [subCheck('check_computed', false, { reason })]);
  }
}

/** Looking for the portrait never sinks the session: a failure is the reason there is none. */
async function portraitSafely(
  doc: IdDocumentInput,
  vision: VisionPort,
  decodeCache: Map<string, Promise<RgbaImage>>,
): Promise<PortraitOutcome> {
  try {
    return await findDocumentPortrait(doc, vision, decodeCache);
  } catch (error) {
    return { found: false, reason: `the document portrait could not be cut out (${errorText(error)})` };
  }
}

/** DG1 of a chip that did not fail passive authentication, for the fields. */
function chipFieldsOf(chip: ChipEvidence | undefined): MrzReading | null {
  return chip?.usable ? chip.fields : null;
}

/** The chip's DG2 portrait, decoded, as the document id photo; null to look on the pages. */
function chipPortraitOf(chip: ChipEvidence | undefined): PortraitOutcome | null {
  if (!chip?.usable || !chip.portrait) return null;
  const p = chip.portrait;
  return { found: true, origin: { kind: 'CHIP', format: p.format }, image: p.image, content: p.jpeg, contentType: 'image/jpeg' };
}

function docTarget(doc: IdDocumentInput): { documentType: string; issuingCountry: string } {
  return { documentType: doc.documentType, issuingCountry: doc.issuingCountry };
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** The person's face: a face capture image first, else the first liveness frame. */
function pickFaceSource(input: PipelineInput): FaceSource | null {
  for (const capture of input.faceCaptures) {
    if (capture.image) return { resourceId: capture.resourceId, kind: 'FACE_CAPTURE', media: capture.image };
  }
  for (const liveness of input.livenessResources) {
    if (liveness.frames[0])
      return { resourceId: liveness.resourceId, kind: 'LIVENESS', media: liveness.frames[0] };
  }
  return null;
}

/** Yoti's text-extraction recommendation: PROGRESS when valid data came out, else try again. */
function extractionRecommendation(
  ev: DocumentEvidence,
  fields: DocumentFieldsJson | null,
): TaskJson['recommendation'] | null {
  if (!ev.visionAvailable && !ev.scannerLinesGiven) return null; // nothing was attempted
  if (fields && (!ev.mrz || ev.mrz.reading.valid)) return { value: 'PROGRESS' };
  if (ev.mrz && !ev.mrz.reading.valid) {
    return { value: 'SHOULD_TRY_AGAIN', reason: { value: 'QUALITY', detail: 'MRZ_CHECK_DIGITS_FAILED' } };
  }
  return { value: 'SHOULD_TRY_AGAIN', reason: { value: 'QUALITY', detail: 'NO_TEXT_DATA_FOUND' } };
}

async function storeOrName(
  input: PipelineInput,
  newId: () => string,
  media: Parameters<NonNullable<PipelineInput['saveMedia']>>[0],
): Promise<string> {
  return input.saveMedia ? input.saveMedia(media) : newId();
}
