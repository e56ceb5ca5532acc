// A broken sessions file, said where the user will see it: over the top of every view until fixed
// (it can be folded into the header, so it does not cover a desktop).
import type { ConfigStatus } from '../../../electron/shared/session';
import { useDeckStore } from '../store/useDeckStore';
import { formatDateTime } from '../lib/format';

export function ConfigBannerView({ config, onFold }: { config: ConfigStatus | null; onFold?: (() => void) | undefined }) {
  if (!config?.error) return null;
  return (
    <div className="config-banner" role="alert" aria-labelledby="config-banner-title">
      <p id="config-banner-title">
        <strong>The sessions file has an error.</strong> Session Deck keeps using the configuration it loaded at{' '}
        {formatDateTime(config.loadedAt)} until the file is fixed; it reloads the file by itself when it changes.
      </p>
      <pre className="config-error">{config.error}</pre>
      <p className="muted small">
        File: <span className="mono">{config.file}</span>
        {onFold && (
          <>
            {' '}
            <button type="button" className="link-button" onClick={onFold}>
              Hide until it changes
            </button>
          </>
        )}
      </p>
    </div>
  );
}

export function ConfigBanner({ onFold }: { onFold?: (() => void) | undefined }) {
  const config = useDeckStore((state) => state.config);
  return <ConfigBannerView config={config} onFold={onFold} />;
}
