import { type RefObject, useEffect, useRef, useState } from 'react';

/** The element's content width in CSS pixels, kept current as the layout changes, so charts draw at real size. */
export function useElementWidth<Element extends HTMLElement>(): [RefObject<Element | null>, number] {
  const reference = useRef<Element | null>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = reference.current;
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver((entries) => {
      const entry = entries[0];
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [reference, width];
}
