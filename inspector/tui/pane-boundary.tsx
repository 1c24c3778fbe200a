/**
 * An error boundary around the current pane: a bug while drawing one pane shows its message in red
 * instead of taking the inspector down; moving to another view (a new `resetKey`) tries again.
 *
 * @module
 */
import { Component, type ReactNode } from 'react';
import { ErrorLine } from './error-line.js';
import { errorText } from './attempt.js';

/** Props of {@link PaneBoundary}. */
export interface PaneBoundaryProps {
  /** Changes when the view changes; clears a caught error. */
  resetKey: string;
  children: ReactNode;
}

interface BoundaryState {
  error: string | null;
  key: string;
}

/** The boundary. */
export class PaneBoundary extends Component<PaneBoundaryProps, BoundaryState> {
  override state: BoundaryState = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(e: unknown): Partial<BoundaryState> {
    return { error: errorText(e) };
  }

  static getDerivedStateFromProps(props: PaneBoundaryProps, state: BoundaryState): Partial<BoundaryState> | null {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override render(): ReactNode {
    return this.state.error ? <ErrorLine error={this.state.error} /> : this.props.children;
  }
}
