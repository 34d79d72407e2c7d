import type { Granularity } from '../api/admin-types';

export interface TimeRange {
  id: string;
  label: string;
  milliseconds: number;
  /** The bucket size that gives a readable number of points for this span. */
  granularity: Exclude<Granularity, 'total'>;
}

export const timeRanges: TimeRange[] = [
  { id: '1h', label: 'Last hour', milliseconds: 3_600_000, granularity: 'minute' },
  { id: '24h', label: 'Last 24 hours', milliseconds: 86_400_000, granularity: 'hour' },
  { id: '7d', label: 'Last 7 days', milliseconds: 7 * 86_400_000, granularity: 'hour' },
  { id: '30d', label: 'Last 30 days', milliseconds: 30 * 86_400_000, granularity: 'day' },
];

/** Picks one of the preset ranges; the segmented control wraps on a phone. */
export function RangePicker({ value, onChange }: { value: string; onChange: (range: TimeRange) => void }) {
  return (
    <fieldset className="segmented" aria-label="Time range">
      {timeRanges.map((range) => (
        <button
          key={range.id}
          type="button"
          aria-pressed={range.id === value}
          className={range.id === value ? 'segment segment-active' : 'segment'}
          onClick={() => onChange(range)}
        >
          {range.label}
        </button>
      ))}
    </fieldset>
  );
}
