/** Passes of `hotpath fix`: enough for fixes that enable fixes; a fix that never settles must not loop forever. */
export const maxFixPasses = 5;
