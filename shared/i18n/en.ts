/**
 * English catalog: the reference set of keys. `fa.ts` must have exactly the same keys
 * (checked by the type of `fa` and by tests/shared/i18n.test.ts).
 * Placeholders are `{name}`; values are inserted after translation of the surrounding text.
 */
export const en = {
  'app.name': 'Pishkhan',

  // Request-level errors
  'error.validation': 'Some fields need attention.',
  'error.not_found': 'That record no longer exists.',
  'error.unknown_method': 'The app does not know the request “{method}”.',
  'error.unauthorized': 'This window is not allowed to talk to Pishkhan. Reopen it from the address Pishkhan printed.',
  'error.forbidden_sender': 'The request came from an unknown window and was refused.',
  'error.schema_too_new':
    'This data was written by a newer Pishkhan (data version {found}, this app reads up to {supported}). Update Pishkhan to open it; nothing was changed.',
  'error.database_busy': 'The data file is busy in another program. Try again in a moment.',
  'error.internal': 'Something went wrong inside Pishkhan. Nothing was saved. ({detail})',
  'error.network': 'Pishkhan could not be reached. Is it still running?',

  // Field-level problems; {field} is the translated field label
  'issue.required': '{field} is required.',
  'issue.too_long': '{field} is too long (at most {max} characters).',
  'issue.invalid': '{field} is not valid.',
  'issue.invalid_email': '{field} is not a valid email address: “{value}”.',
  'issue.invalid_phone': '{field} is not a valid phone number: “{value}”.',
  'issue.invalid_id': '{field} does not point to a record.',
  'issue.invalid_choice': '{field} has a value that is not one of the choices.',
  'issue.unknown_organization': '{field}: no such organization (it may have been deleted).',
  'issue.organization_for_organization': '{field}: an organization cannot belong to another organization.',
  'issue.duplicate_value': '{field} is listed twice: “{value}”.',
  'issue.too_many': '{field}: too many entries (at most {max}).',
  'issue.organization_has_people': '{field}: this organization still has people; move them first.',
  'issue.unknown_field': '{field} is not a field Pishkhan knows.',

  // Field labels (also used by forms)
  'field.id': 'Record',
  'field.kind': 'Type',
  'field.name': 'Name',
  'field.organizationId': 'Organization',
  'field.phones': 'Phones',
  'field.phones.item': 'Phone {n}',
  'field.emails': 'Emails',
  'field.emails.item': 'Email {n}',
  'field.address': 'Address',
  'field.city': 'City',
  'field.tags': 'Tags',
  'field.tags.item': 'Tag {n}',
  'field.preferredChannel': 'Preferred contact channel',
  'field.description': 'Description',
  'field.ownerId': 'Owner',
  'field.deletedAt': 'Deleted',
  'field.query': 'Search',
  'field.sort': 'Sort',
  'field.direction': 'Sort direction',
  'field.offset': 'Offset',
  'field.limit': 'Limit',
  'field.tag': 'Tag',
  'field.createdFrom': 'Added from',
  'field.createdTo': 'Added until',
  'field.createdAt': 'Added',
  'field.updatedAt': 'Last changed',
  'field.language': 'Language',
  'field.calendar': 'Calendar',
  'field.digits': 'Digits',
  'field.theme': 'Theme',
  'field.phoneRegion': 'Phone region',
  'field.input': 'Input',
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof en;
