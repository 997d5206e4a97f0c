import { useState } from 'react';
import { ApiError, download, exportCsv } from '../api';
import { cardBoardImage } from '../board/cardBoardExport';
import { getActiveEditor } from '../board/editorRef';
import { pngWithHeader, withHeader } from '../exports/image';
import type { LaneKey } from '../board/laneGroups';
import { arrangeCards } from '../board/lanes';
import type { RoomModel, RoomSnapshot } from '../room/model';
import { notify } from '../ui/notices';
import { AddFeatures } from '../panel/AddFeatures';
import { ImportDialog } from '../panel/ImportDialog';
import { AgendaClock } from '../pi/AgendaClock';
import { useOpenRisks } from '../pi/store';

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'ladder';
}

/** The card board in use instead of the canvas: its lanes, which the toolbar sets and its exports follow. */
export interface CardBoardLanes {
  lanes: LaneKey;
  setLanes(by: LaneKey): void;
}

/** The planning board in place of the canvas: whether it is open, and the toolbar's button that opens and closes it. */
export interface PlanToggle {
  open: boolean;
  toggle(): void;
}

/**
 * Room actions: add, import, export (CSV, PNG, SVG), lanes, the planning board, the PI view (with the count of risks not
 * ROAMed yet), and the agenda's running item. Writers only see the editing ones. With
 * `cards`, the room shows the card board: PNG/SVG are drawn from the ranking and Lanes groups the grid. While the
 * planning board is open the canvas's lanes and pictures give way to the board's own exports.
 */
export function Toolbar({ model, snapshot, dropped, onDropped, cards, plan, pi }: { model: RoomModel; snapshot: RoomSnapshot; dropped: File | null; onDropped: () => void; cards?: CardBoardLanes; plan?: PlanToggle; pi?: PlanToggle }) {
  const canvas = !plan?.open && !pi?.open;
  const openRisks = useOpenRisks(model.doc);
  const [dialog, setDialog] = useState<'add' | 'import' | null>(null);
  const name = slug(snapshot.meta.title);

  const exportCsvFile = async () => {
    try {
      download(await exportCsv(model.roomId, model.session.token), `${name}-ranking.csv`);
    } catch (err) {
      notify({ tone: 'error', text: err instanceof ApiError ? err.message : 'The export failed; try again.' });
    }
  };
  const exportImage = async (format: 'png' | 'svg') => {
    const failed = () => notify({ tone: 'error', text: `The ${format.toUpperCase()} export failed; try again.` });
    if (cards) {
      if (snapshot.ranking.length === 0) {
        notify({ tone: 'info', text: 'The board is empty: add features first.' });
        return;
      }
      try {
        download(await cardBoardImage(model, snapshot.ranking, cards.lanes, format), `${name}-board.${format}`);
      } catch {
        failed();
      }
      return;
    }
    const editor = getActiveEditor();
    if (!editor) {
      notify({ tone: 'error', text: `The canvas is not open, so there is nothing to export as ${format.toUpperCase()}. Reload the page, or add ?cards to the address for the card board.` });
      return;
    }
    const ids = [...editor.getCurrentPageShapeIds()];
    if (ids.length === 0) {
      notify({ tone: 'info', text: 'The board is empty: add features first.' });
      return;
    }
    try {
      // Under a header naming the room and the date (tldraw draws the canvas; fonts and images inlined in both).
      const options = { background: true, padding: 32 };
      let file: Blob;
      if (format === 'svg') {
        const inner = await editor.getSvgString(ids, options);
        if (!inner) throw new Error('nothing drawn');
        file = new Blob([withHeader(inner, snapshot.meta.title, new Date()).markup], { type: 'image/svg+xml' });
      } else {
        file = await pngWithHeader(await editor.toImage(ids, { ...options, format: 'png' }), snapshot.meta.title, new Date());
      }
      download(file, `${name}-board.${format}`);
    } catch {
      failed();
    }
  };
  const lanes = (by: LaneKey) => {
    if (cards) {
      cards.setLanes(by);
      return;
    }
    const editor = getActiveEditor();
    if (editor) arrangeCards(editor, snapshot.ranking, by);
    else notify({ tone: 'error', text: 'The canvas is not open, so its cards cannot be arranged. Reload the page, or add ?cards to the address for the card board.' });
  };

  return (
    <div className={`toolbar${model.canWrite ? '' : ' toolbar--inline'}`} role="toolbar" aria-label="Board actions">
      {model.canWrite && (
        <>
          <button type="button" className="primary-button" onClick={() => setDialog('add')}>+ Add features</button>
          <button type="button" className="ghost-button" onClick={() => setDialog('import')}>Import CSV</button>
          {canvas && <label className="select">
            <span className="visually-hidden">Arrange cards</span>
            <select aria-label="Arrange cards in lanes" value="" onChange={(e) => { lanes(e.target.value as LaneKey); e.target.value = ''; }}>
              <option value="" disabled>Lanes…</option>
              <option value="theme">Lanes by theme</option>
              <option value="team">Lanes by team</option>
              <option value="none">No lanes, by rank</option>
            </select>
          </label>}
        </>
      )}
      <AgendaClock model={model} />
      {model.canWrite && <span className="toolbar__spacer" />}
      {model.canWrite && (
        <a className="ghost-button" href={`${location.pathname}?summary`} target="_blank" rel="noopener" data-summary-open=""
          aria-label="Session summary: the ranking, decisions and rounds on one printable page, with the ranking board as SVG or PNG">Summary</a>
      )}
      {plan && (
        <button type="button" className={plan.open ? 'primary-button' : 'ghost-button'} aria-pressed={plan.open} data-plan-open="" onClick={plan.toggle}
          aria-label={plan.open ? 'Planning board open: back to the canvas' : 'Planning board: teams by iterations, placements, dependencies'}>Plan</button>
      )}
      {pi && (
        <button type="button" className={pi.open ? 'primary-button' : 'ghost-button'} aria-pressed={pi.open} data-pi-open="" data-open-risks={openRisks} onClick={pi.toggle}
          aria-label={`${pi.open ? 'PI view open: back to the canvas' : 'PI: objectives, risks, confidence vote, agenda'}${openRisks > 0 ? ` (${openRisks} open risk${openRisks === 1 ? '' : 's'})` : ''}`}>
          PI{openRisks > 0 && <span className="pi-open__count" aria-hidden="true">{openRisks}</span>}
        </button>
      )}
      <button type="button" className="ghost-button" onClick={() => void exportCsvFile()} aria-label="Export the ranking as CSV">{model.canWrite ? 'Export CSV' : 'CSV'}</button>
      {canvas && <button type="button" className="ghost-button" onClick={() => void exportImage('png')} aria-label="Export the board as PNG">PNG</button>}
      {canvas && <button type="button" className="ghost-button" onClick={() => void exportImage('svg')} aria-label="Export the board as SVG">SVG</button>}
      {dialog === 'add' && <AddFeatures model={model} onClose={() => setDialog(null)} />}
      {(dialog === 'import' || dropped) && model.canWrite && (
        <ImportDialog model={model} initialFile={dropped} onClose={() => { setDialog(null); onDropped(); }} />
      )}
    </div>
  );
}
