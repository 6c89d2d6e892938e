import fs from 'node:fs';
import moment from 'moment';
import _ from 'lodash';

fs.writeFileSync('report.txt', _.map([1, 2], (n) => moment().add(n, 'days').format()).join('\n'));
