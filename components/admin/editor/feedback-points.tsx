'use client';
import { useId } from 'react';
import { adminInput } from '../ui';

export type Point = { id: string; quote: string; question: string };

/**
 * The article's inline feedback points. A point is made by selecting a passage in the editor and choosing
 * "Ask readers" (./panels.tsx FeedbackPanel); here its question can be reworded or the point removed.
 * The passage travels as a hidden field, so the form also posts it without JavaScript.
 */
export function FeedbackPoints({
  points,
  onChange,
  readOnly,
  errors,
}: {
  points: Point[];
  onChange: (p: Point[]) => void;
  readOnly?: boolean;
  errors?: string[];
}) {
  const uid = useId();
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-semibold">Inline feedback points</legend>
      <p className="text-sm text-stone-600">Select a passage in the text and press “Ask readers” to ask readers a question about it.</p>
      {points.length === 0 ? <p className="text-sm text-stone-600">No feedback points yet.</p> : null}
      <ol className="space-y-2">
        {points.map((p, i) => (
          <li key={`${p.id}-${i}`} className="rounded border border-stone-300 p-3">
            <input type="hidden" name="fpId" value={p.id} />
            <input type="hidden" name="fpQuote" value={p.quote} />
            <p className="text-sm">
              <span className="font-semibold">Feedback passage {i + 1}:</span> <span className="italic">“{p.quote}”</span>
            </p>
            <label htmlFor={`${uid}-fpa-${i}`} className="mt-2 block text-sm font-semibold">
              Feedback question {i + 1}
            </label>
            <textarea
              id={`${uid}-fpa-${i}`}
              name="fpQuestion"
              rows={2}
              value={p.question}
              readOnly={readOnly}
              maxLength={500}
              className={adminInput}
              onChange={(e) => onChange(points.map((x, j) => (j === i ? { ...x, question: e.target.value } : x)))}
            />
            {!readOnly ? (
              <button
                type="button"
                className="mt-1 text-sm text-red-800 underline"
                onClick={() => onChange(points.filter((_, j) => j !== i))}
              >
                Remove feedback point {i + 1}
              </button>
            ) : null}
          </li>
        ))}
      </ol>
      {errors?.length ? (
        <p id={`${uid}-fp-err`} role="alert" className="text-sm text-red-700">
          {errors.join(' ')}
        </p>
      ) : null}
    </fieldset>
  );
}
