import { Component, type ComponentChildren } from 'preact';

interface State {
  failed: boolean;
}

/**
 * Last line of defence against a blank page: a render error anywhere below shows a friendly
 * panel with a way back instead of an empty document.
 */
export class ErrorBoundary extends Component<{ children: ComponentChildren; resetKey?: string }, State> {
  override state: State = { failed: false };

  static override getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.error('[streamit] render failed', error);
  }

  override componentDidUpdate(prev: { resetKey?: string }): void {
    // Navigating elsewhere gives the new screen a fresh chance.
    if (this.state.failed && prev.resetKey !== this.props.resetKey) this.setState({ failed: false });
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <main class="page page-center">
        <section class="error-panel" role="alert" data-testid="error-message" data-code="RENDER">
          <div class="error-icon" aria-hidden="true">!</div>
          <h2>Something went wrong</h2>
          <p>This screen hit an unexpected problem. Reloading usually fixes it.</p>
          <div class="error-actions">
            <button type="button" class="btn btn-primary" onClick={() => location.reload()}>Reload</button>
            <a class="btn btn-secondary" href="/">Go to the lobby</a>
          </div>
        </section>
      </main>
    );
  }
}
