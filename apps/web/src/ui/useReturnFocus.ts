import { useEffect, useState } from 'react';

/**
 * For a dialog: the control that had the focus when it opened gets it back when it closes
 * (unless the focus has already gone somewhere on purpose, such as the editor a new feature opens).
 */
export function useReturnFocus(): void {
  // Read on the first render, before the dialog's own field takes the focus (autoFocus).
  const [opener] = useState(() => document.activeElement);
  useEffect(() => () => {
    if (!(opener instanceof HTMLElement)) return;
    // The dialog's nodes are removed after this cleanup: look again once they are.
    requestAnimationFrame(() => {
      const now = document.activeElement;
      if (opener.isConnected && (now === null || now === document.body)) opener.focus();
    });
  }, [opener]);
}
