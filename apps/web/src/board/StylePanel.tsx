import { DefaultStylePanel, useEditor, useValue, type TLUiStylePanelProps } from 'tldraw';
import { CARD_TYPE } from '../room/actions';

/** tldraw's style panel, shown only for drawing: not for feature cards (they have no styles) or an empty selection. */
export function StylePanel(props: TLUiStylePanelProps) {
  const editor = useEditor();
  const show = useValue('style panel wanted', () => {
    const shapes = editor.getSelectedShapes();
    if (shapes.length > 0) return shapes.some((s) => s.type !== CARD_TYPE);
    const tool = editor.getCurrentToolId();
    return tool !== 'select' && tool !== 'hand';
  }, [editor]);
  return show ? <DefaultStylePanel {...props} /> : null;
}
