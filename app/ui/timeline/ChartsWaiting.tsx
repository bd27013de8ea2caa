import type { CSSProperties } from 'react';

/** Shared with Charts, so that the frame the charts arrive in is theirs to the pixel. */
export const CHART_HEIGHT = 110;
export const MUTED = '#5b6570';
export const figureStyle: CSSProperties = { margin: '0.4rem 0 0' };
export const captionStyle: CSSProperties = {
  fontSize: '0.8rem',
  color: MUTED,
  margin: '0 0 0.1rem',
};
export const CHART_TITLES = {
  stored: 'Stored messages per session',
  deliveries: 'Deliveries per second',
  inFlight: 'In flight (sent, not yet acknowledged)',
};

/**
 * The charts before the run has anything to draw (or while they load): their titles over empty
 * plots of their size. The charts themselves load with the first event.
 */
export function ChartsWaiting() {
  return (
    <div className="charts" data-testid="charts-waiting">
      {Object.values(CHART_TITLES).map((title) => (
        <figure key={title} style={figureStyle}>
          <figcaption style={captionStyle}>
            <strong style={{ fontWeight: 600 }}>{title}</strong>
            <span> · nothing yet</span>
          </figcaption>
          <div style={{ height: CHART_HEIGHT }} />
        </figure>
      ))}
    </div>
  );
}
