import { describe, expect, it } from 'vitest';
import { withHeader } from './image';

const canvas = (width: number, height: number) => ({ svg: `<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}"/></svg>`, width, height });

describe('the canvas export under its header', () => {
  it('names the room and the date above the whole picture, which keeps its size', () => {
    const { markup, width, height } = withHeader(canvas(1800, 900), 'PI 26.4 <Payments & Co>', new Date('2026-12-07T09:30:00Z'));
    expect(width).toBe(1800);
    expect(height).toBe(964);
    expect(markup).toContain('PI 26.4 &lt;Payments &amp; Co&gt;');
    expect(markup).toContain('2026-12-07 09:30 UTC');
    expect(markup).toContain('<g transform="translate(0 64)"><svg xmlns="http://www.w3.org/2000/svg" width="1800" height="900">');
    // The XML declaration of the inner document goes (it is not allowed inside another element).
    expect(markup).not.toContain('<?xml');
    expect(markup.startsWith(`<svg xmlns="http://www.w3.org/2000/svg" width="1800" height="964" viewBox="0 0 1800 964"`)).toBe(true);
  });

  it('a small picture is centred under a header wide enough for its title; a long title is shortened, not cut', () => {
    const { markup, width } = withHeader(canvas(300, 200), 'A'.repeat(400), new Date('2026-12-07T09:30:00Z'));
    expect(width).toBe(640);
    expect(markup).toContain('<g transform="translate(170 64)">');
    const title = /data-export-title="">([^<]*)</.exec(markup)?.[1] ?? '';
    expect(title.endsWith('…')).toBe(true);
    expect(title.length).toBeLessThan(60);
    expect(withHeader(canvas(300, 200), '', new Date()).markup).toContain('>Ladder board<');
  });
});
