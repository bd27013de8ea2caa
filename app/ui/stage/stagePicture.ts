/**
 * The stage as a picture that stands alone: what the canvas shows, with a band under it naming
 * the tool, the step and the time, at the canvas's full resolution.
 */
export function stagePicture(canvas: HTMLCanvasElement, caption: string): HTMLCanvasElement {
  const band = Math.round(canvas.height * 0.07) + 8;
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height + band;
  const ctx = out.getContext('2d');
  if (!ctx) return canvas;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(canvas, 0, 0);
  ctx.fillStyle = '#16324f';
  ctx.fillRect(0, canvas.height, out.width, band);
  ctx.fillStyle = '#ffffff';
  ctx.textBaseline = 'middle';
  const size = Math.round(band * 0.42);
  ctx.font = `600 ${size}px system-ui, sans-serif`;
  ctx.textAlign = 'left';
  ctx.fillText(caption, size, canvas.height + band / 2, out.width * 0.72);
  ctx.font = `400 ${Math.round(size * 0.8)}px system-ui, sans-serif`;
  ctx.textAlign = 'right';
  ctx.fillText('MQTT Session Lab', out.width - size, canvas.height + band / 2);
  return out;
}
