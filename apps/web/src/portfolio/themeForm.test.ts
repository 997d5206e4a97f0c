import { describe, expect, it } from 'vitest';
import { BoardDocError, setTheme } from '@ladder/board-doc';
import * as Y from 'yjs';
import { guardrailText, themeErrorText, themeFormProblem } from './themeForm';

describe('theme form', () => {
  it('says a minimum above the maximum in the words of the form, not the document field names', () => {
    expect(themeFormProblem('40', '20')).toBe('The minimum share (min %) must not be above the maximum share (max %).');
    expect(themeFormProblem('20', '40')).toBeNull();
    expect(themeFormProblem('20', '20')).toBeNull();
    expect(themeFormProblem('', '')).toBeNull();
    expect(themeFormProblem('120', '')).toBe('The minimum share (min %) must be a number from 0 to 100.');
    expect(themeFormProblem('', '-5')).toBe('The maximum share (max %) must be a number from 0 to 100.');
  });

  it('shows the document refusal of a minimum above the maximum in words a person reads', () => {
    const doc = new Y.Doc();
    let caught: unknown;
    try {
      setTheme(doc, 'Enablers', { colour: '#2f6fdb', minShare: 0.4, maxShare: 0.2 });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(BoardDocError);
    expect(themeErrorText(caught)).toBe('The minimum share (minShare) must not be above the maximum share (maxShare).');
    expect(themeErrorText(new Error('boom'))).toBe('The theme could not be saved.');
  });

  it('names the guardrails of a saved theme', () => {
    expect(guardrailText(0.2, 0.4)).toBe('min 20 % · max 40 %');
    expect(guardrailText(undefined, 0.5)).toBe('max 50 %');
    expect(guardrailText(undefined, undefined)).toBe('no guardrails');
  });
});
