import { describe, expect, test } from 'vitest';
import { offScaleCount, parseCapacity, parseScale, parseThemes, presetOf } from './setup';
import { readSetup } from './SetupFields';

describe('room setup as typed', () => {
  test('a scale typed in any order and separator is put in order, each value once', () => {
    expect(parseScale('1, 2, 4, 8, 16')).toEqual({ ok: true, value: [1, 2, 4, 8, 16] });
    expect(parseScale('8 1;2  2,0.5')).toEqual({ ok: true, value: [0.5, 1, 2, 8] });
    expect(parseScale('5')).toMatchObject({ ok: false });
    expect(parseScale('1, two, 3')).toEqual({ ok: false, message: '“two” is not a number above zero.' });
    expect(parseScale('0, 1, 2')).toMatchObject({ ok: false });
    expect(parseScale(Array.from({ length: 31 }, (_, i) => i + 1).join(','))).toMatchObject({ ok: false });
  });

  test('presets are recognised; anything else is custom', () => {
    expect(presetOf([1, 2, 3, 5, 8, 13, 20])).toBe('safe');
    expect(presetOf([1, 2, 3, 5, 8, 13, 21, 34, 55, 89])).toBe('fibonacci-100');
    expect(presetOf([1, 2, 4])).toBe('custom');
  });

  test('capacity is empty or a positive number; themes are names, each once', () => {
    expect(parseCapacity(' ')).toEqual({ ok: true, value: null });
    expect(parseCapacity('40')).toEqual({ ok: true, value: 40 });
    expect(parseCapacity('-3')).toMatchObject({ ok: false });
    expect(parseThemes('Growth\n Retention ,Growth\n\n')).toEqual({ ok: true, value: ['Growth', 'Retention'] });
    expect(parseThemes('x'.repeat(61))).toMatchObject({ ok: false });
  });

  test('the form reads as the values to save, or the first field that is wrong', () => {
    expect(readSetup({ preset: 'safe', custom: 'junk', capacity: '', themes: 'Growth' }))
      .toEqual({ ok: true, value: { scale: [1, 2, 3, 5, 8, 13, 20], capacity: null, themes: ['Growth'] } });
    expect(readSetup({ preset: 'custom', custom: '1', capacity: 'x', themes: '' })).toMatchObject({ ok: false, field: 'scale' });
    expect(readSetup({ preset: 'custom', custom: '1 2', capacity: 'x', themes: '' })).toMatchObject({ ok: false, field: 'capacity' });
  });

  test('a new scale counts the estimates it leaves off', () => {
    expect(offScaleCount([1, 20, null, undefined, 13], [1, 2, 3, 5, 8, 13, 21])).toBe(1);
  });
});
