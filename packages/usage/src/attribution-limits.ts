export { OTHER_ATTRIBUTION } from '@switchboard/db';

/**
 * The bounds on what a request may say it was for, so no client can make a usage event or the
 * rollups grow without limit: at most MAX_TAGS tags per request, each 1 to MAX_TAG_LENGTH of
 * `a-z 0-9 _ . : -` starting with a letter or digit; an end user of at most MAX_END_USER_LENGTH
 * characters; and per api key and UTC day, only the first ATTRIBUTION_VALUES_PER_DAY distinct tags
 * (and as many end users) get rollup rows of their own, the rest are summed as "(other)".
 */
export const MAX_TAGS = 10;
export const MAX_TAG_LENGTH = 64;
export const MAX_END_USER_LENGTH = 256;
export const ATTRIBUTION_VALUES_PER_DAY = 100;
export const TAG_PATTERN = /^[a-z0-9][a-z0-9_.:-]*$/;
