/**
 * A value the user edits that is also loaded from the database, kept through reloads.
 *
 * The document editors load their quote or invoice again on every data change: a payment
 * recorded here, a save in another window, and every automatic sync round. A load replaces what
 * is on screen only while the user has not changed it since the last load, so typing is never
 * thrown away by a reload. When a newer stored version is held back that way, `changedElsewhere`
 * says so; saving then sends the fields the user changed since that load (`loaded()`), so the
 * others keep the newer stored version, and `saved()` lets the next load in again.
 */
import { useCallback, useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react';

export interface EditedValue<T> {
  value: T;
  setValue: Dispatch<SetStateAction<T>>;
  /**
   * A freshly loaded value and the stamp (`updatedAt`) of the record it came from; `replace`
   * shows it even over edits (the record can no longer be edited, so the edits cannot be saved).
   */
  load(next: T, stamp: string, replace?: boolean): void;
  /** After a successful save: what is on screen is stored, so the next load may replace it. */
  saved(): void;
  /** The value as last loaded for this record (null before the first load): what edits are measured against. */
  loaded(): T | null;
  /** A newer stored version was not shown because the value on screen has unsaved edits. */
  changedElsewhere: boolean;
}

export function useEditedValue<T>(initial: T, recordId: string | null): EditedValue<T> {
  const [value, setValue] = useState<T>(initial);
  // The record whose newer version is being held back (a flag that ends when the record does).
  const [heldBack, setHeldBack] = useState<string | null>(null);
  // What is on screen and what was loaded last: the same object exactly while nothing was edited
  // (every edit makes a new object).
  const shown = useRef(value);
  const loaded = useRef<{ value: T; stamp: string; recordId: string | null } | null>(null);
  const record = useRef(recordId);

  useEffect(() => {
    shown.current = value;
  }, [value]);
  useEffect(() => {
    record.current = recordId;
  }, [recordId]);

  const load = useCallback((next: T, stamp: string, replace = false) => {
    const last = loaded.current;
    const first = last === null || last.recordId !== record.current;
    if (replace || first || shown.current === last.value) {
      loaded.current = { value: next, stamp, recordId: record.current };
      shown.current = next;
      setValue(next);
      setHeldBack(null);
    } else if (stamp !== last.stamp) {
      setHeldBack(record.current);
    }
  }, []);

  const saved = useCallback(() => {
    loaded.current = null;
  }, []);

  const loadedValue = useCallback(() => {
    const last = loaded.current;
    return last && last.recordId === record.current ? last.value : null;
  }, []);

  return {
    value,
    setValue,
    load,
    saved,
    loaded: loadedValue,
    changedElsewhere: heldBack !== null && heldBack === recordId,
  };
}
