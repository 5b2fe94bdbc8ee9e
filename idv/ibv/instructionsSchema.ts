// The IBV instructions a relying party PUTs for a session (developers.yoti.com
// in-branch-verification/instructions): who the applicant is (contact profile), which document
// they will bring for each requirement, and which branch.
import { z } from 'zod';
import { DOCUMENT_TYPES } from '../../common/documents';
import { isCountryCode } from '../supportedDocuments';

export const contactProfileSchema = z.strictObject({
  first_name: z.string().min(1).max(100),
  last_name: z.string().min(1).max(100),
  email: z.email().max(254),
});

const branchSchema = z.looseObject({
  type: z.literal('UK_POST_OFFICE', { message: 'only UK_POST_OFFICE branches are known' }),
  name: z.string().max(200).optional(),
  address: z.string().max(500).optional(),
  post_code: z.string().max(12).optional(),
  fad_code: z.string().max(20).optional(),
  location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
});

export const instructionsSchema = z.strictObject({
  contact_profile: contactProfileSchema.optional(),
  documents: z
    .array(
      z.strictObject({
        requirement_id: z.string().min(1).max(64),
        document: z.strictObject({
          type: z.literal('ID_DOCUMENT', { message: 'only ID_DOCUMENT is supported locally' }),
          country_code: z.string().refine(isCountryCode, { message: 'is not a known ISO 3166-1 alpha-3 code' }),
          document_type: z.enum(DOCUMENT_TYPES),
        }),
      }),
    )
    .min(1)
    .max(10),
  branch: branchSchema.optional(),
});
export type Instructions = z.infer<typeof instructionsSchema>;
