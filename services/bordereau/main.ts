// The bordereau deployable: matches invoices with mandates and writes PES_Aller files.
import { main } from '../../platform/service.ts';
import { bordereau } from './service.ts';

main(bordereau);
