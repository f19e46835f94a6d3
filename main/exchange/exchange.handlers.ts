import type { HandlerContext, HandlerGroup } from '../rpc/handler.types';
import type { CustomerContext } from '../features/customers/customer.service';
import { exportData, importFile, inspectFile } from './exchange.service';
import { appendUpload, discardUpload, readUpload } from './uploads';

const customerContext = (ctx: HandlerContext): CustomerContext => ({
  writer: ctx.writer,
  phoneRegion: ctx.preferences().phoneRegion,
});

export const exchangeHandlers: HandlerGroup<
  'exchange.upload' | 'exchange.inspect' | 'exchange.import' | 'exchange.discard' | 'exchange.export'
> = {
  'exchange.upload': ({ uploadId, data }) => appendUpload(uploadId, Buffer.from(data, 'base64')),
  'exchange.inspect': ({ uploadId, format }) => {
    const bytes = readUpload(uploadId);
    return bytes.ok ? inspectFile(bytes.value, format) : bytes;
  },
  'exchange.import': ({ uploadId, ...request }, ctx) => {
    const bytes = readUpload(uploadId);
    if (!bytes.ok) return bytes;
    const result = importFile(customerContext(ctx), bytes.value, request);
    // A real import is done with the file; a dry run keeps it for the import that follows.
    if (!request.dryRun && result.ok) discardUpload(uploadId);
    return result;
  },
  'exchange.discard': ({ uploadId }) => {
    discardUpload(uploadId);
    return { ok: true };
  },
  'exchange.export': ({ format, entity }, ctx) =>
    exportData(ctx.db, ctx.info.schemaVersion, format, entity, new Date(ctx.now())),
};
