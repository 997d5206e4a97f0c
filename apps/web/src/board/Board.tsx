import { memo, useCallback, useEffect, useState } from 'react';
import {
  createTLStore, DefaultToolbar, defaultBindingUtils, defaultShapeUtils, HandToolbarItem, SelectToolbarItem, Tldraw,
  type Editor, type TLShape,
} from 'tldraw';
import 'tldraw/tldraw.css';
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite';
import { addFeatures, removeFeature, restoreFeature, } from '../room/actions';
import type { CanvasRecord, RoomModel } from '../room/model';
import { notify } from '../ui/notices';
import { bindStore } from './bindStore';
import { FeatureCardShapeUtil } from './cardShape';
import { setActiveEditor } from './editorRef';
import { StylePanel } from './StylePanel';
import { frameCards } from './frame';
import { syncPresence } from './presence';
import { isCard, reconcileCards } from './reconcile';

const shapeUtils = [FeatureCardShapeUtil];
const assetUrls = getAssetUrlsByImport();
const licenseKey = import.meta.env.VITE_TLDRAW_LICENSE_KEY;
const components = { StylePanel };

/** Observers cannot draw: their toolbar has only the tools to look around. */
function ViewerToolbar() {
  return (
    <DefaultToolbar>
      <SelectToolbarItem />
      <HandToolbarItem />
    </DefaultToolbar>
  );
}
const viewerComponents = { StylePanel, Toolbar: ViewerToolbar };

/** Deleting a card on the canvas deletes its feature, with an undo offer. */
function watchCardDeletes(editor: Editor, model: RoomModel, internal: { active: boolean }): () => void {
  return editor.sideEffects.registerAfterDeleteHandler('shape', (shape: TLShape, source) => {
    if (source !== 'user' || internal.active || !isCard(shape)) return;
    // After tldraw's own operation: our document write flows back into the store.
    setTimeout(() => {
      const deleted = removeFeature(model, shape.props.featureId, [shape as unknown as CanvasRecord]);
      if (!deleted) return;
      notify({ tone: 'info', text: `Deleted “${deleted.feature.title}”.`, action: { label: 'Undo', run: () => restoreFeature(model, deleted) }, ttl: 10_000 });
    }, 0);
  });
}

/** Pasting text on the canvas adds one feature per line. */
function pasteAsFeatures(editor: Editor, model: RoomModel): void {
  editor.registerExternalContentHandler('text', async ({ text }) => {
    const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).slice(0, 500);
    if (lines.length === 0) return;
    const created = addFeatures(model, lines);
    if (created.length > 0) notify({ tone: 'success', text: `Added ${created.length} feature${created.length === 1 ? '' : 's'} from the clipboard.` });
  });
}

/** The infinite canvas of the room, bound to the document's `canvas`. */
export const Board = memo(function Board({ model }: { model: RoomModel }) {
  const [store] = useState(() => createTLStore({ shapeUtils: [...defaultShapeUtils, ...shapeUtils], bindingUtils: defaultBindingUtils }));
  const [unbind] = useState(() => bindStore(store, model.canvas, {
    origin: model.storeOrigin,
    readOnly: !model.canWrite,
    onRejected: (record) => console.warn('Ladder: ignored an invalid canvas record', record),
  }));
  useEffect(() => unbind, [unbind]);

  const onMount = useCallback((editor: Editor) => {
    setActiveEditor(editor);
    editor.updateInstanceState({ isReadonly: !model.canWrite });
    const internal = { active: false };
    const cleanups = [syncPresence(editor, model), reconcileCards(editor, model, internal)];
    if (model.canWrite) {
      cleanups.push(watchCardDeletes(editor, model, internal));
      pasteAsFeatures(editor, model);
    }
    // Frame the cards once the first ones are there.
    let framed = editor.getCurrentPageShapes().some(isCard);
    if (framed) frameCards(editor, false);
    const unlisten = editor.store.listen(() => {
      if (framed || !editor.getCurrentPageShapes().some(isCard)) return;
      framed = true;
      frameCards(editor);
    }, { scope: 'document' });
    cleanups.push(unlisten);
    return () => {
      for (const fn of cleanups) fn();
      setActiveEditor(null);
    };
  }, [model]);

  return (
    <div className="board" aria-label="Backlog canvas">
      <Tldraw store={store} shapeUtils={shapeUtils} assetUrls={assetUrls} licenseKey={licenseKey} components={model.canWrite ? components : viewerComponents} onMount={onMount} />
    </div>
  );
});
