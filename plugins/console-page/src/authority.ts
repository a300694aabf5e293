/**
 * The authority needed for the 普法台账 page, shared by the server (which refuses the data
 * below it) and the page (which hides its menu entry below it).
 */
export const AUTHORITY = 3
