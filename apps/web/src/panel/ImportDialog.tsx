import { useRef, useState } from 'react';
import { ApiError, importCsv, type ImportReport } from '../api';
import type { RoomModel } from '../room/model';
import { notify } from '../ui/notices';
import { Modal } from '../ui/Modal';

/** Warnings listed one per line at most; the rest are counted ("and N more"). */
const WARNINGS_LISTED = 20;

/** Imports a backlog CSV (file picker or drag and drop) with upload progress and a report of rejected rows and of estimates left out. */
export function ImportDialog({ model, initialFile, onClose }: { model: RoomModel; initialFile: File | null; onClose: () => void }) {
  const [progress, setProgress] = useState<number | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const started = useRef(false);
  const inputRef = useRef<HTMLInputElement>(null);

  const upload = async (file: File) => {
    setError(null);
    setReport(null);
    setProgress(0);
    try {
      const result = await importCsv(model.roomId, model.session.token, file, setProgress);
      setProgress(1);
      setReport(result);
      notify({ tone: 'success', text: `Imported ${result.created} new and ${result.updated} updated feature${result.created + result.updated === 1 ? '' : 's'}.` });
    } catch (err) {
      setProgress(null);
      setError(err instanceof ApiError ? err.message : 'The import failed. Check the file and try again.');
    }
  };
  if (initialFile && !started.current) {
    started.current = true;
    queueMicrotask(() => void upload(initialFile));
  }

  return (
    // Escape closes it wherever the focus went (after the file picker, it may be on the page).
    <Modal labelledBy="import-title" onClose={onClose}>
        <h2 id="import-title">Import a backlog CSV</h2>
        <div
          className={`dropzone${over ? ' dropzone--over' : ''}`}
          onDragOver={(e) => { e.preventDefault(); setOver(true); }}
          onDragLeave={() => setOver(false)}
          onDrop={(e) => {
            e.preventDefault();
            setOver(false);
            const file = e.dataTransfer.files[0];
            if (file) void upload(file);
          }}
        >
          <p>Drop a .csv file here, or</p>
          <button type="button" className="primary-button" onClick={() => inputRef.current?.click()}>Choose a file…</button>
          <input ref={inputRef} type="file" accept=".csv,text/csv" hidden aria-label="CSV file to import" data-import-input=""
            onChange={(e) => { const f = e.target.files?.[0]; if (f) void upload(f); e.target.value = ''; }} />
          <p className="hint">Columns by name: id, title, description, team, theme and the four estimates. Jira export names (Issue key, Summary, Business Value, Story Points…) work too.</p>
        </div>
        {progress !== null && !report && (
          <div className="progress" role="progressbar" aria-label="Upload progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(progress * 100)}>
            <span style={{ width: `${Math.round(progress * 100)}%` }} />
          </div>
        )}
        {error && <p className="form-error" role="alert">{error}</p>}
        {report && (
          <div className="import-report" role="status" data-import-report="">
            <p><strong>{report.created}</strong> created · <strong>{report.updated}</strong> updated · <strong>{report.rejected.length}</strong> rejected{report.warnings.length > 0 && <> · <strong>{report.warnings.length}</strong> warning{report.warnings.length === 1 ? '' : 's'}</>}</p>
            {report.ignoredColumns.length > 0 && (
              <p className="import-report__ignored" data-import-ignored="">
                Columns not read: {report.ignoredColumns.join(', ')}. Rename a column to a field name (title, team, theme,
                userBusinessValue, timeCriticality, riskReduction, jobSize…) to import it.
              </p>
            )}
            {report.rejected.length > 0 && (
              <ul className="rejected" aria-label="Rejected rows">
                {report.rejected.map((r) => <li key={r.line}><span>Line {r.line}</span> {r.reason}</li>)}
              </ul>
            )}
            {report.warnings.length > 0 && (
              <ul className="rejected rejected--warnings" aria-label="Import warnings" data-import-warnings="">
                {report.warnings.slice(0, WARNINGS_LISTED).map((w) => <li key={`${w.line}:${w.column}`}><span>Line {w.line}</span> {w.message}</li>)}
                {report.warnings.length > WARNINGS_LISTED && <li>and {report.warnings.length - WARNINGS_LISTED} more</li>}
              </ul>
            )}
          </div>
        )}
        <footer className="modal__foot">
          <button type="button" className="primary-button" onClick={onClose}>{report ? 'Done' : 'Close'}</button>
        </footer>
    </Modal>
  );
}
