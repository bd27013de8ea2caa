/** A recording of a canvas as WebM, through MediaRecorder on the canvas's stream. */
export interface VideoRecording {
  /** Ends the recording; resolves with the video (WebM). */
  stop(): Promise<Blob>;
}

const TYPES = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'];

/**
 * Starts recording `canvas` (30 frames a second at most). Returns a message instead when this
 * browser cannot record a canvas.
 */
export function recordCanvas(canvas: HTMLCanvasElement): VideoRecording | string {
  if (typeof MediaRecorder === 'undefined' || typeof canvas.captureStream !== 'function') {
    return 'This browser cannot record a video of the stage (no MediaRecorder): export a PNG instead.';
  }
  const mimeType = TYPES.find((t) => MediaRecorder.isTypeSupported(t));
  if (!mimeType) return 'This browser cannot record WebM video: export a PNG instead.';
  const stream = canvas.captureStream(30);
  const recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: 5_000_000 });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => {
    if (e.data.size > 0) chunks.push(e.data);
  };
  recorder.start(250);
  return {
    stop: () =>
      new Promise<Blob>((resolve) => {
        recorder.onstop = () => {
          for (const track of stream.getTracks()) track.stop();
          resolve(new Blob(chunks, { type: 'video/webm' }));
        };
        if (recorder.state === 'inactive') recorder.onstop(new Event('stop'));
        else recorder.stop();
      }),
  };
}
