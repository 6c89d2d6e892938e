import _ from 'lodash';

export const cases = _.range(3);
