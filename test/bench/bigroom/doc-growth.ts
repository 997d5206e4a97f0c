import * as Y from 'yjs';
import { createFeature, featuresMap, updateFeature } from '@ladder/board-doc';

// Run by the soak with `--expose-gc`: the heap a room's document alone keeps per edit, under the soak's own edits (20
// editors each retitling their one feature), so the soak's heap growth can be set beside what the document itself
// must keep (Yjs keeps an item for every value overwritten). Prints one JSON line.

const EDITS = Number(process.argv[2] ?? 12_000);
const EDITORS = 20;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const room = new Y.Doc();
const editors = Array.from({ length: EDITORS }, () => new Y.Doc());
const by = () => ({ participantId: 'editor', now: Date.now() });
editors.forEach((doc, i) => {
  doc.on('update', (update: Uint8Array) => Y.applyUpdate(room, update));
  createFeature(doc, { id: `B-${i}`, title: 'start', team: 'Atlas' }, by());
});
gc();
const before = process.memoryUsage().heapUsed;
for (let k = 0; k < EDITS; k++) updateFeature(editors[k % EDITORS] as Y.Doc, `B-${k % EDITORS}`, { title: `E#${k}#` }, by());
for (const doc of editors) doc.destroy();
editors.length = 0;
gc();
const after = process.memoryUsage().heapUsed;
console.log(JSON.stringify({ edits: EDITS, bytesPerEdit: (after - before) / EDITS, features: featuresMap(room).size }));
