// Synthetic packages the test writes into node_modules: each checks one resolution rule.
import { small } from 'dual-format';
import { platformName } from 'browser-field';
import { linked } from 'pnpm-linked';

export const all = [small, platformName, linked];
