import type { DocumentErrorKey } from '../../shared/documents/documents.contract';

/** A failure to make a PDF, with the catalog key of its message and a technical detail. */
export class PdfError extends Error {
  constructor(
    readonly key: DocumentErrorKey,
    readonly detail = '',
  ) {
    super(detail ? `${key}: ${detail}` : key);
    this.name = 'PdfError';
  }
}
