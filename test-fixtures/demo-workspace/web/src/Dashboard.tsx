import { useMemo, useState } from 'react';
import _ from 'lodash-es';

export function Dashboard({ onSearch }: { onSearch: (q: string) => void }) {
  const [query, setQuery] = useState('');
  const search = useMemo(() => _.debounce(onSearch, 300), [onSearch]);
  return (
    <input
      value={query}
      onChange={(e) => {
        setQuery(e.target.value);
        search(e.target.value);
      }}
    />
  );
}
