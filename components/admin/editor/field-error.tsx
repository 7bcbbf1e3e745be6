/** A field's error messages, under its input (the input's aria-describedby points at `id`). */
export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  return errors?.length ? (
    <p id={id} className="mt-1 text-sm text-red-700">
      {errors.join(' ')}
    </p>
  ) : null;
}
