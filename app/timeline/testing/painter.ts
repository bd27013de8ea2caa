import type { Painter } from '../draw';

/**
 * A Painter for tests: state fields as a canvas has them, drawing calls that do nothing. A test
 * extends it and overrides the calls it counts.
 */
export class NullPainter implements Painter {
  fillStyle: Painter['fillStyle'] = '';
  strokeStyle: Painter['strokeStyle'] = '';
  lineWidth = 1;
  globalAlpha = 1;
  font = '';
  textAlign: CanvasTextAlign = 'left';
  textBaseline: CanvasTextBaseline = 'middle';
  setLineDash(): void {}
  fillRect(): void {}
  beginPath(): void {}
  moveTo(): void {}
  lineTo(): void {}
  arc(): void {}
  closePath(): void {}
  stroke(): void {}
  fill(): void {}
  // A subclass may take the text: the parameter is declared so that it can.
  fillText(text: string): void {
    void text;
  }
}
