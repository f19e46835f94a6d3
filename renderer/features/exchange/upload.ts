/** Sending a picked file to main in chunks (the host takes at most 20 MB a request). */
import { UPLOAD_CHUNK_BYTES, type FileProblem, type ImportFormat } from '../../../shared/exchange/exchange.schema';
import type { MethodOutput } from '../../../shared/contract';
import { invoke } from '../../lib/client';

/** The format a file name suggests (the same rule as the CLI's). */
export function formatFromName(name: string): ImportFormat | null {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (ext === 'csv' || ext === 'tsv' || ext === 'txt') return 'csv';
  if (ext === 'vcf' || ext === 'vcard') return 'vcard';
  if (ext === 'json') return 'json';
  return null;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function readSlice(blob: Blob): Promise<Uint8Array> {
  if (typeof blob.arrayBuffer === 'function') return blob.arrayBuffer().then((b) => new Uint8Array(b));
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsArrayBuffer(blob);
  });
}

export type UploadResult = { ok: true; uploadId: string } | { ok: false; problem: FileProblem };

/** Uploads `file` chunk by chunk; `onProgress` gets 0–100. An empty file is one empty chunk. */
export async function uploadFile(file: Blob, onProgress: (percent: number) => void): Promise<UploadResult> {
  let uploadId = '';
  let offset = 0;
  onProgress(0);
  do {
    const bytes = await readSlice(file.slice(offset, offset + UPLOAD_CHUNK_BYTES));
    const result: MethodOutput<'exchange.upload'> = await invoke('exchange.upload', {
      uploadId: uploadId || null,
      data: toBase64(bytes),
    });
    if (!result.ok) return result;
    uploadId = result.value.uploadId;
    offset += bytes.length;
    onProgress(file.size === 0 ? 100 : Math.round((offset / file.size) * 100));
  } while (offset < file.size);
  return { ok: true, uploadId };
}

/** Starts a browser download of text (the BOM of a CSV export is part of `content`). */
export function downloadText(fileName: string, mime: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: `${mime};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
