import { escapeXml, exportDate, fit } from './rankingSvg';

// Image files made in the browser: an SVG drawn into a PNG, and the canvas's SVG under a header naming the room and the
// date, so a file handed on says what it shows.

/** Largest side and area of a PNG (Chromium refuses canvases past 32 767 px a side or about 268 M pixels). */
const MAX_SIDE = 16_000;
const MAX_AREA = 120_000_000;

/** Draws an SVG onto a canvas, twice its size where that fits the bounds above, and encodes it as PNG. */
export async function svgToPng(svg: string): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode().catch(() => { throw new Error('The SVG could not be drawn.'); });
    const width = Math.max(1, image.naturalWidth);
    const height = Math.max(1, image.naturalHeight);
    const scale = Math.min(2, MAX_SIDE / width, MAX_SIDE / height, Math.sqrt(MAX_AREA / (width * height)));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw the PNG.');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The PNG could not be made.'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

const HEADER = 64;
const PAD = 24;
const MIN_WIDTH = 640;

/** The header's two lines over a picture `width` px wide, and where the picture goes. */
function header(title: string, date: Date, pictureWidth: number) {
  const width = Math.ceil(Math.max(MIN_WIDTH, pictureWidth));
  return {
    width,
    left: Math.max(0, Math.floor((width - pictureWidth) / 2)),
    title: fit(title || 'Ladder board', width - PAD * 2, 11),
    subtitle: `${exportDate(date)} · the board's canvas · made with Ladder`,
  };
}

/**
 * `inner` (a whole `<svg>` document of `width` × `height`, as tldraw exports the canvas) under a header with the room's
 * title and the date; the header is never wider than needed, the picture never cut.
 */
export function withHeader(inner: { svg: string; width: number; height: number }, title: string, date: Date): { markup: string; width: number; height: number } {
  const head = header(title, date, inner.width);
  const height = Math.ceil(inner.height + HEADER);
  const body = inner.svg.replace(/^\s*<\?xml[^>]*>\s*/, '');
  const markup = `<svg xmlns="http://www.w3.org/2000/svg" width="${head.width}" height="${height}" viewBox="0 0 ${head.width} ${height}" font-family="Helvetica, Arial, sans-serif">`
    + `<rect width="${head.width}" height="${height}" fill="#ffffff"/>`
    + `<text x="${PAD}" y="32" font-size="20" font-weight="700" fill="#141a29" data-export-title="">${escapeXml(head.title)}</text>`
    + `<text x="${PAD}" y="52" font-size="13" fill="#5b6478" data-export-date="">${escapeXml(head.subtitle)}</text>`
    + `<g transform="translate(${head.left} ${HEADER})">${body}</g></svg>`;
  return { markup, width: head.width, height };
}

/**
 * The same for a PNG of the canvas (`width` × `height` in CSS pixels, drawn at whatever pixel ratio its blob has): the
 * header drawn above it on a bitmap of the same ratio.
 */
export async function pngWithHeader(picture: { blob: Blob; width: number; height: number }, title: string, date: Date): Promise<Blob> {
  const bitmap = await createImageBitmap(picture.blob);
  try {
    const ratio = bitmap.width / Math.max(1, picture.width);
    const head = header(title, date, picture.width);
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(head.width * ratio);
    canvas.height = Math.round((picture.height + HEADER) * ratio);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw the PNG.');
    context.scale(ratio, ratio);
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, head.width, picture.height + HEADER);
    context.fillStyle = '#141a29';
    context.font = '700 20px Helvetica, Arial, sans-serif';
    context.fillText(head.title, PAD, 32);
    context.fillStyle = '#5b6478';
    context.font = '13px Helvetica, Arial, sans-serif';
    context.fillText(head.subtitle, PAD, 52);
    context.drawImage(bitmap, head.left, HEADER, picture.width, picture.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The PNG could not be made.'))), 'image/png'));
  } finally {
    bitmap.close();
  }
}
