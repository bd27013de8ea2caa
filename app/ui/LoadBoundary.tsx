import { Component, type ReactNode } from 'react';

/**
 * Around a part loaded when first used: if its code cannot be fetched (the site was published
 * again while the page was open, or the network went), it says so in its place, and the rest of
 * the playground stays as it was.
 */
export class LoadBoundary extends Component<
  { what: string; children: ReactNode },
  { error?: string }
> {
  override state: { error?: string } = {};

  static getDerivedStateFromError(error: unknown): { error: string } {
    return { error: error instanceof Error ? error.message : String(error) };
  }

  override render(): ReactNode {
    if (this.state.error === undefined) return this.props.children;
    return (
      <p className="field-error" role="alert">
        The {this.props.what} could not be loaded ({this.state.error}). Reloading the page loads it
        again; what is on the page now stays until then.
      </p>
    );
  }
}
