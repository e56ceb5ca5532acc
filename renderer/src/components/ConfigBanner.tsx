// A broken sessions file, said where the user will see it: under the header, on every view, until fixed.
import type { ConfigStatus } from '../../../electron/shared/session';
import { useDeckStore } from '../store/useDeckStore';
import { formatDateTime } from '../lib/format';

export function ConfigBannerView({ config }: { config: ConfigStatus | null }) {
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
      </p>
    </div>
  );
}

export function ConfigBanner() {
  const config = useDeckStore((state) => state.config);
  return <ConfigBannerView config={config} />;
}
