/** RPC methods of import and export (main/exchange/exchange.handlers.ts implements them). */
import { z } from 'zod';
import { method } from '../contract-kit';
import {
  EXPORT_ENTITIES,
  EXPORT_FORMATS,
  IMPORT_FORMATS,
  mappingSchema,
  ON_DUPLICATE,
  UPLOAD_CHUNK_BYTES,
  type ImportInspection,
  type ImportSummary,
  type Outcome,
} from './exchange.schema';

const uploadId = z.string().regex(/^[0-9a-f]{32}$/, { error: 'invalid_id' });
const format = z.enum(IMPORT_FORMATS, { error: 'invalid_choice' });

export interface ExportFile {
  fileName: string;
  mime: string;
  content: string;
  count: number;
}

export const exchangeContract = {
  /** One chunk of a file to import, base64; `uploadId` null starts a new upload. */
  'exchange.upload': method<Outcome<{ uploadId: string; size: number }>>()(
    z
      .object({
        uploadId: uploadId.nullable(),
        data: z.base64({ error: 'invalid' }).max(Math.ceil((UPLOAD_CHUNK_BYTES * 4) / 3) + 4, { error: 'too_big' }),
      })
      .strict(),
  ),
  'exchange.inspect': method<Outcome<ImportInspection>>()(z.object({ uploadId, format }).strict()),
  'exchange.import': method<Outcome<ImportSummary>>()(
    z
      .object({
        uploadId,
        format,
        mapping: mappingSchema.nullable().default(null),
        dryRun: z.boolean().default(false),
        onDuplicate: z.enum(ON_DUPLICATE, { error: 'invalid_choice' }).default('skip'),
      })
      .strict(),
  ),
  'exchange.discard': method<{ ok: true }>()(z.object({ uploadId }).strict()),
  'exchange.export': method<Outcome<ExportFile>>()(
    z
      .object({
        format: z.enum(EXPORT_FORMATS, { error: 'invalid_choice' }),
        entity: z.enum(EXPORT_ENTITIES, { error: 'invalid_choice' }).default('customers'),
      })
      .strict(),
  ),
} as const;
