import { useState } from 'react';

/** Copies `text` to the clipboard and says so; falls back to selecting it where the clipboard is unavailable. */
export function CopyButton({ text, targetId }: { text: string; targetId: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setCopied(true);
        } catch {
          // Over plain http (not localhost) there is no clipboard API: select it for Ctrl+C instead.
          const element = document.getElementById(targetId);
          if (element) window.getSelection()?.selectAllChildren(element);
        }
      }}
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}
