import { describe, expect, it } from 'vitest';
import { chooseBoard, isTldrawDevelopment, type PageContext } from './licence';

const page = (over: Partial<PageContext>): PageContext => ({
  protocol: 'https:', hostname: 'board.example.com', search: '', production: true, licenseKey: undefined, ...over,
});

describe('chooseBoard: the card board wherever tldraw would run unlicensed in production', () => {
  it('a production build over https on a real host without a key opens the card board', () => {
    expect(chooseBoard(page({}))).toBe('unlicensed');
    expect(chooseBoard(page({ licenseKey: '' }))).toBe('unlicensed');
    expect(chooseBoard(page({ licenseKey: '  \n' }))).toBe('unlicensed');
    expect(chooseBoard(page({ hostname: '10.0.0.7' }))).toBe('unlicensed');
    // The port never makes a development context.
    expect(chooseBoard(page({ hostname: 'board.ladder.test' }))).toBe('unlicensed');
  });

  it('a licence key keeps the canvas (tldraw checks it itself)', () => {
    expect(chooseBoard(page({ licenseKey: 'tldraw-2026/abc.def' }))).toBe('canvas');
  });

  it('http pages, loopback hosts over https and development builds are development to tldraw: the canvas', () => {
    expect(chooseBoard(page({ protocol: 'http:' }))).toBe('canvas');
    expect(chooseBoard(page({ protocol: 'http:', hostname: '127.0.0.1' }))).toBe('canvas');
    for (const hostname of ['localhost', 'LOCALHOST', '127.0.0.1', '127.3.2.1', '[::1]', '::1']) {
      expect(chooseBoard(page({ hostname })), hostname).toBe('canvas');
    }
    expect(chooseBoard(page({ production: false }))).toBe('canvas');
  });

  it('a *.localhost host counts as development only in a development build, whatever the protocol', () => {
    expect(isTldrawDevelopment({ protocol: 'https:', hostname: 'tauri.localhost', production: true })).toBe(false);
    expect(isTldrawDevelopment({ protocol: 'http:', hostname: 'tauri.localhost', production: true })).toBe(false);
    expect(isTldrawDevelopment({ protocol: 'https:', hostname: 'tauri.localhost', production: false })).toBe(true);
    expect(chooseBoard(page({ protocol: 'http:', hostname: 'ladder.localhost' }))).toBe('unlicensed');
  });

  it('?cards in the address asks for the card board anywhere', () => {
    expect(chooseBoard(page({ protocol: 'http:', hostname: 'localhost', search: '?cards' }))).toBe('asked');
    expect(chooseBoard(page({ licenseKey: 'tldraw-2026/abc.def', search: '?present&cards=1' }))).toBe('asked');
    expect(chooseBoard(page({ search: '?cardsx' }))).toBe('unlicensed');
  });
});
