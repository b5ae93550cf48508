import { ServerConnection } from '@jupyterlab/services';

import { requestAPI, requestResponse } from './request';
import { ReportRequest, ReportSaved } from '../schema';
import { ReportExport } from '../tokens';

/**
 * A rendering of the report.
 */
export type ReportFormat = ReportRequest['format'];

const EXTENSIONS: Record<ReportFormat, string> = {
  html: '.html',
  json: '.json',
  csv: '.csv',
  markdown: '.md'
};

/**
 * The media type of each rendering, for the downloaded file.
 */
export const MEDIA_TYPES: Record<ReportFormat, string> = {
  html: 'text/html',
  json: 'application/json',
  csv: 'text/csv',
  markdown: 'text/markdown'
};

/**
 * The report's file name for a notebook, as the server names it: `<stem>-memory-report.<ext>`.
 */
export function reportFileName(
  notebookPath: string,
  format: ReportFormat
): string {
  const name = notebookPath.split('/').pop() ?? '';
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  return `${stem}-memory-report${EXTENSIONS[format]}`;
}

/**
 * The file name of an attachment, from its Content-Disposition header; null without one.
 */
export function attachmentFilename(header: string | null): string | null {
  if (!header) {
    return null;
  }
  const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (encoded) {
    try {
      return decodeURIComponent(encoded[1]!.trim());
    } catch {
      // A malformed encoding: the plain filename below may still be there.
    }
  }
  const plain = /filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]+)/i.exec(header);
  if (!plain) {
    return null;
  }
  const name =
    plain[2] !== undefined
      ? plain[2].replace(/\\(.)/g, '$1')
      : plain[1]!.trim();
  return name || null;
}

/**
 * Ask the server for a notebook's report: the file itself to download, or (`request.save`)
 * where the server saved it.
 */
export async function exportReport(
  serverSettings: ServerConnection.ISettings,
  kernelId: string,
  request: ReportRequest
): Promise<ReportExport> {
  const path = `kernels/${encodeURIComponent(kernelId)}/report`;
  const init = { method: 'POST', body: JSON.stringify(request) };
  if (request.save) {
    const reply = await requestAPI<ReportSaved>(serverSettings, path, init);
    return { kind: 'saved', path: reply.path };
  }
  const response = await requestResponse(serverSettings, path, init);
  const filename =
    attachmentFilename(response.headers.get('Content-Disposition')) ??
    reportFileName(request.notebook_path, request.format);
  const blob = new Blob([await response.arrayBuffer()], {
    type: MEDIA_TYPES[request.format]
  });
  return { kind: 'download', filename, blob };
}
