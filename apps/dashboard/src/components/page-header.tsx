import type { ReactNode } from 'react';

/** A page's title, a line on what it is for, and its main controls. */
export function PageHeader({ title, description, children }: { title: string; description: string; children?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h2>{title}</h2>
        <p className="muted">{description}</p>
      </div>
      {children ? <div className="page-actions">{children}</div> : null}
    </header>
  );
}
