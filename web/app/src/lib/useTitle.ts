import { useEffect } from 'preact/hooks';

/** Sets the tab title while a screen is shown ("Movie night · StreamIt"). */
export function useTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} · StreamIt` : 'StreamIt — watch together, in sync';
  }, [title]);
}
