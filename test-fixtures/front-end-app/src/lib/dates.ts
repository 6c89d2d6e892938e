import { debounce } from 'lodash-es';
import { formatDistance } from 'date-fns';

export const since = (d: Date) => formatDistance(d, new Date());
export const later = debounce((f: () => void) => f(), 100);
