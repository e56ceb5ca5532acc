// "Send keys": a menu of key combinations the local system would keep for itself (Ctrl+Alt+Del, ...).
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { SPECIAL_KEYS, type SpecialKey } from './specialKeys';

export interface KeysMenuProps {
  disabled: boolean;
  onSend(key: SpecialKey): void;
  /** Opened from outside (F8 when it is pressed in the desktop). */
  openRequest?: number;
}

export function KeysMenu({ disabled, onSend, openRequest = 0 }: KeysMenuProps) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (openRequest > 0 && !disabled) setOpen(true);
  }, [openRequest, disabled]);

  useEffect(() => {
    if (open) menuRef.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  const onMenuKey = (event: KeyboardEvent<HTMLUListElement>) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const index = items.indexOf(document.activeElement as HTMLButtonElement);
    const move = (to: number) => items[(to + items.length) % items.length]?.focus();
    switch (event.key) {
      case 'Escape':
        event.preventDefault();
        close(true);
        break;
      case 'ArrowDown':
        event.preventDefault();
        move(index + 1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        move(index - 1);
        break;
      case 'Home':
        event.preventDefault();
        move(0);
        break;
      case 'End':
        event.preventDefault();
        move(items.length - 1);
        break;
      case 'Tab':
        close(false);
        break;
      default:
    }
  };

  return (
    <div
      className="menu-anchor"
      onBlur={(event) => {
        if (open && !event.currentTarget.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={`${id}-menu`}
        disabled={disabled}
        onClick={() => setOpen((value) => !value)}
      >
        Send keys <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <ul id={`${id}-menu`} ref={menuRef} role="menu" aria-label="Keys to send" className="menu" onKeyDown={onMenuKey}>
          {SPECIAL_KEYS.map((key) => (
            <li key={key.label} role="none">
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                aria-label={`Send ${key.label}`}
                onClick={() => {
                  // The parent hands the keyboard back to the desktop, as TigerVNC's F8 menu does.
                  close(false);
                  onSend(key);
                }}
              >
                {key.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
