import { useState } from 'preact/hooks';
import { copyText } from '../lib/clipboard';
import { roomShareUrl } from '../lib/router';
import { Icon } from './Icon';

export function ShareLink({ code }: { code: string }) {
  const url = roomShareUrl(code);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = async () => {
    const ok = await copyText(url);
    setCopied(ok ? 'yes' : 'no');
    window.setTimeout(() => setCopied(null), 2000);
  };
  return (
    <div class="share">
      <label class="visually-hidden" for="share-url">Share link</label>
      <input
        id="share-url"
        class="input input-sm mono share-input"
        data-testid="share-link"
        readOnly
        value={url}
        onFocus={(e) => e.currentTarget.select()}
      />
      <button type="button" class="btn btn-secondary btn-sm btn-icon-text" data-testid="copy-link" onClick={() => void copy()} aria-label="Copy share link">
        <Icon name="copy" size={15} />
        <span>{copied === 'yes' ? 'Copied!' : copied === 'no' ? 'Select & copy' : 'Copy link'}</span>
      </button>
      <span class="visually-hidden" role="status">{copied === 'yes' ? 'Link copied to the clipboard' : ''}</span>
    </div>
  );
}
