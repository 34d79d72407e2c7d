/**
 * What a KEK id may look like. Short (32 at most) and without `+ / =`, so a base64 key pasted in
 * the id's place is rejected rather than echoed in an error message or stored on every row.
 */
export const kekIdPattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
