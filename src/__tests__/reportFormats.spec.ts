import {
  isReportFormat,
  REPORT_FORMATS,
  reportRequest,
  savedReportPath
} from '../export/formats';
import { attachmentFilename, reportFileName } from '../model/report';

describe('report export', () => {
  it('names the file as the server does', () => {
    expect(reportFileName('work/nb.ipynb', 'html')).toBe(
      'nb-memory-report.html'
    );
    expect(reportFileName('nb.v2.ipynb', 'markdown')).toBe(
      'nb.v2-memory-report.md'
    );
    expect(reportFileName('.hidden', 'csv')).toBe('.hidden-memory-report.csv');
    expect(savedReportPath('work/sub/nb.ipynb', 'json')).toBe(
      'work/sub/nb-memory-report.json'
    );
    expect(savedReportPath('nb.ipynb', 'csv')).toBe('nb-memory-report.csv');
  });

  it('reads the file name of an attachment', () => {
    expect(
      attachmentFilename('attachment; filename="nb-memory-report.csv"')
    ).toBe('nb-memory-report.csv');
    expect(attachmentFilename('attachment; filename=plain.md')).toBe(
      'plain.md'
    );
    expect(
      attachmentFilename(
        'attachment; filename="fallback.html"; filename*=UTF-8\'\'caf%C3%A9-memory-report.html'
      )
    ).toBe('café-memory-report.html');
    expect(attachmentFilename('attachment; filename="a \\"b\\".csv"')).toBe(
      'a "b".csv'
    );
    expect(attachmentFilename('attachment')).toBeNull();
    expect(attachmentFilename(null)).toBeNull();
  });

  it('builds the request, to download or to save', () => {
    const cells = [{ id: 'c1', source: 'x = 1', label: '[1]' }];
    expect(
      reportRequest({ format: 'csv', save: true }, 'a/nb.ipynb', cells)
    ).toEqual({
      format: 'csv',
      notebook_path: 'a/nb.ipynb',
      cells,
      save: true
    });
    expect(
      reportRequest({ format: 'html', save: false }, 'nb.ipynb', []).save
    ).toBe(false);
  });

  it('knows the four renderings and nothing else', () => {
    expect(REPORT_FORMATS).toEqual(['html', 'json', 'csv', 'markdown']);
    expect(isReportFormat('markdown')).toBe(true);
    expect(isReportFormat('pdf')).toBe(false);
    expect(isReportFormat(undefined)).toBe(false);
  });
});
