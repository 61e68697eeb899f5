// The validator deployable: what each uploaded invoice is, and whether it is valid.
import { main } from '../../platform/service.ts';
import { validator } from './service.ts';

main(validator);
