import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { addNote, BoardDocError, isComponent, metaMap, readNotes, type NoteChange } from '@ladder/board-doc';
import { COMPONENT_LABEL } from '../room/labels';
import type { RoomModel, RoomSnapshot } from '../room/model';
import { notify } from '../ui/notices';
import { FeatureSearch } from '../panel/FeatureSearch';
import { filterRows, pickerOptions } from '../panel/filter';

const changeText = (c: NoteChange) => `${c.field === 'capacity' ? 'capacity' : fieldName(c.field)} ${c.from ?? 'empty'} → ${c.to ?? 'empty'}`;
const fieldName = (field: string) => (isComponent(field) ? COMPONENT_LABEL[field].toLowerCase() : field);

/** Decision notes: the "why" of the ranking, or of one feature's place in it. */
export function NotesPanel({ model, snapshot }: { model: RoomModel; snapshot: RoomSnapshot }) {
  const [text, setText] = useState('');
  const [featureId, setFeatureId] = useState('');
  const [search, setSearch] = useState('');
  const options = pickerOptions(snapshot.ranking, search, featureId);
  // The notes live in a map inside `meta`: watch it deeply, the room model only watches the settings.
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const meta = metaMap(model.doc);
    const bump = () => setVersion((v) => v + 1);
    meta.observeDeep(bump);
    return () => meta.unobserveDeep(bump);
  }, [model]);
  const notes = useMemo(() => readNotes(model.doc), [model, version]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    try {
      model.doc.transact(() => addNote(model.doc, {
        id: `${model.session.participantId}-${Date.now().toString(36)}`,
        text,
        author: model.session.name,
        participantId: model.session.participantId,
        at: Date.now(),
        ...(featureId ? { featureId } : {}),
      }), model.origin);
      setText('');
    } catch (err) {
      notify({ tone: 'error', text: err instanceof BoardDocError ? err.message : 'The note could not be saved.' });
    }
  };
  return (
    <details className="portfolio__form">
      <summary>Decision notes ({notes.length})</summary>
      <ul className="portfolio__notes" aria-label="Decision notes">
        {notes.slice(-5).reverse().map((n) => (
          <li key={n.id} data-note-id={n.id}>
            <strong>{n.author}</strong>{n.featureId ? ` · ${n.featureId}` : ''}: {n.text}
            {n.change && <span className="note-change" data-note-change={n.change.field}> ({changeText(n.change)})</span>}
          </li>
        ))}
      </ul>
      {model.canWrite && (
        <form onSubmit={submit}>
          <FeatureSearch value={search} onChange={(t) => { setSearch(t); const first = filterRows(snapshot.ranking, t)[0]; if (t.trim() !== '' && first) setFeatureId(first.id); }}
            label="Search features for the note" shown={options.length} total={snapshot.ranking.length} states={false} />
          <select aria-label="Feature the note is about" value={featureId} onChange={(e) => setFeatureId(e.target.value)}>
            <option value="">The ranking as a whole</option>
            {options.map((r) => <option key={r.id} value={r.id}>{r.id} {r.title}</option>)}
          </select>
          <input aria-label="Decision note" placeholder="Why? e.g. regulatory deadline in May" value={text} onChange={(e) => setText(e.target.value)} />
          <button type="submit" aria-label="Add the decision note">Add</button>
        </form>
      )}
    </details>
  );
}
