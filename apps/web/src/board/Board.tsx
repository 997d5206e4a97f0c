import { memo, useCallback, useEffect, useState } from 'react';
import {
  createTLStore, DefaultToolbar, defaultBindingUtils, defaultShapeUtils, HandToolbarItem, SelectToolbarItem, Tldraw,
  type Editor, type TLShape,
} from 'tldraw';
import 'tldraw/tldraw.css';
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite';
import { readFeature } from '@ladder/board-doc';
import { addFeatures, removeFeature, restoreFeature, type DeletedFeature } from '../room/actions';
import type { CanvasRecord, RoomModel } from '../room/model';
import { dismiss, notify } from '../ui/notices';
import { bindStore } from './bindStore';
import { FeatureCardShapeUtil } from './cardShape';
import { setActiveEditor } from './editorRef';
import { StylePanel } from './StylePanel';
import { frameCards } from './frame';
import { syncPresence } from './presence';
import { isCard, reconcileCards, type CanvasWork } from './reconcile';

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

/** Features deleted through their card on this canvas, with the notice that offers their undo. */
type CanvasDeletes = Map<string, { deleted: DeletedFeature; notice: number }>;

/** Deleting a card on the canvas deletes its feature, with an undo offer. */
function watchCardDeletes(editor: Editor, model: RoomModel, internal: CanvasWork, deletes: CanvasDeletes): () => void {
  return editor.sideEffects.registerAfterDeleteHandler('shape', (shape: TLShape, source) => {
    if (source !== 'user' || internal.active || !isCard(shape)) return;
    // Until the feature is gone too, no card is put back for it (the reconciler would see a feature without a card).
    const featureId = shape.props.featureId;
    internal.deleting.add(featureId);
    // After tldraw's own operation: our document write flows back into the store.
    setTimeout(() => {
      let deleted: DeletedFeature | null;
      try {
        deleted = removeFeature(model, featureId, [shape as unknown as CanvasRecord]);
      } finally {
        internal.deleting.delete(featureId);
      }
      if (!deleted) return;
      const undo = () => { deletes.delete(deleted.feature.id); restoreFeature(model, deleted); };
      const notice = notify({ tone: 'info', text: `Deleted “${deleted.feature.title}”.`, action: { label: 'Undo', run: undo }, ttl: 10_000 });
      deletes.set(deleted.feature.id, { deleted, notice });
    }, 0);
  });
}

/**
 * tldraw's undo (Ctrl+Z, the undo arrow) brings back a deleted card, but only the card: the feature comes back here
 * with it, as the notice's Undo does (same id, estimates and author). A card whose feature cannot come back (deleted
 * elsewhere, or its values no longer fit the room) is taken off again, so no screen shows a card without its feature.
 */
function restoreWithCards(editor: Editor, model: RoomModel, internal: CanvasWork, deletes: CanvasDeletes): () => void {
  return editor.sideEffects.registerAfterCreateHandler('shape', (shape: TLShape, source) => {
    if (source !== 'user' || internal.active || !isCard(shape)) return;
    const featureId = shape.props.featureId;
    if (readFeature(model.doc, featureId)) return;
    const entry = deletes.get(featureId);
    // The feature first, in this same step: the card reaches the other screens only after it, never dead.
    if (entry && restoreFeature(model, { feature: entry.deleted.feature, cards: [] })) {
      deletes.delete(featureId);
      dismiss(entry.notice);
      return;
    }
    setTimeout(() => {
      if (readFeature(model.doc, featureId) || !editor.store.has(shape.id)) return;
      internal.active = true;
      try {
        editor.run(() => editor.deleteShapes([shape.id]), { history: 'ignore' });
      } finally {
        internal.active = false;
      }
      notify({ tone: 'info', text: 'That card’s feature was deleted, so the card cannot come back.' });
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
    const internal: CanvasWork = { active: false, deleting: new Set() };
    const cleanups = [syncPresence(editor, model), reconcileCards(editor, model, internal)];
    if (model.canWrite) {
      const deletes: CanvasDeletes = new Map();
      cleanups.push(watchCardDeletes(editor, model, internal, deletes), restoreWithCards(editor, model, internal, deletes));
      pasteAsFeatures(editor, model);
    }
    // Frame the cards once the first ones are there, against the canvas's measured size: at mount tldraw may not have
    // measured its container yet (a reload with the room cached), so the first framing waits for the next frame.
    let framed = editor.getCurrentPageShapes().some(isCard);
    let frame = 0;
    if (framed) {
      frame = requestAnimationFrame(() => {
        editor.updateViewportScreenBounds(editor.getContainer());
        frameCards(editor, false);
      });
    }
    const unlisten = editor.store.listen(() => {
      if (framed || !editor.getCurrentPageShapes().some(isCard)) return;
      framed = true;
      frameCards(editor);
    }, { scope: 'document' });
    cleanups.push(unlisten, () => cancelAnimationFrame(frame));
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
