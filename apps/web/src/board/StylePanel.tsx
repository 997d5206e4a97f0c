import { DefaultStylePanel, useEditor, useValue, type TLUiStylePanelProps } from 'tldraw';
import { CARD_TYPE } from '../room/actions';

/** tldraw's style panel, hidden while only feature cards are selected (they have no styles). */
export function StylePanel(props: TLUiStylePanelProps) {
  const editor = useEditor();
  const onlyCards = useValue('only cards selected', () => {
    const shapes = editor.getSelectedShapes();
    return shapes.length > 0 && shapes.every((s) => s.type === CARD_TYPE);
  }, [editor]);
  return onlyCards ? null : <DefaultStylePanel {...props} />;
}
