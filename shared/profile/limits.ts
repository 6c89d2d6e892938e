/** V8 cannot hold a string much longer than 2^29 characters; larger profiles are refused up front. */
export const maxProfileBytes = 500 * 1024 * 1024;
