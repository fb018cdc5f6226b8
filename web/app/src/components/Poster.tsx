import { useState } from 'preact/hooks';

/**
 * A poster image, or a neutral placeholder when there is none or it fails to load (offline).
 * Landscape artwork (some catalogs give a video frame) is shown whole instead of cropped.
 */
export function Poster({ src, title, size = 'md' }: { src?: string | null | undefined; title: string; size?: 'sm' | 'md' }) {
  const [failed, setFailed] = useState(false);
  const [wide, setWide] = useState(false);
  const show = !!src && !failed;
  return (
    <div class={`poster poster-${size} ${wide ? 'poster-wide' : ''}`}>
      {show ? (
        <>
          {wide && <img class="poster-backdrop" src={src} alt="" aria-hidden="true" />}
          <img
            class="poster-main"
            src={src}
            alt=""
            loading="lazy"
            decoding="async"
            onLoad={(e) => setWide(e.currentTarget.naturalWidth > e.currentTarget.naturalHeight)}
            onError={() => setFailed(true)}
          />
        </>
      ) : (
        <div class="poster-placeholder" aria-hidden="true">
          <svg viewBox="0 0 24 24" width="28" height="28" fill="none" stroke="currentColor" stroke-width="1.5">
            <rect x="3" y="4" width="18" height="16" rx="2" />
            <path d="M3 8h18M7 4v4M12 4v4M17 4v4" />
          </svg>
          <span>{title.slice(0, 40)}</span>
        </div>
      )}
    </div>
  );
}
