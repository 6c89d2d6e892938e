import { useMemo, useState } from 'react';
import _ from 'lodash';
import moment from 'moment';
import { Search } from 'lucide-react';
import { format } from 'date-fns';
import dayjs from 'dayjs';

export function SearchBox({ onSearch }: { onSearch: (q: string) => void }) {
  const [q, setQ] = useState('');
  const search = useMemo(() => _.debounce(onSearch, 300), [onSearch]);
  return (
    <label title={`${format(new Date(), 'PP')} · ${dayjs().format('HH:mm')} · ${moment().fromNow()}`}>
      <Search size={16} />
      <input
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          search(e.target.value);
        }}
      />
    </label>
  );
}
