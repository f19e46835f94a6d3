/**
 * The default user every device starts with. Its id is fixed so that devices agree after sync;
 * its stored name is only a fallback: windows show it translated ("Owner" / «مالک»).
 */
export const DEFAULT_USER_ID = '00000000-0000-7000-8000-000000000001';

export function isDefaultUser(id: string): boolean {
  return id === DEFAULT_USER_ID;
}
