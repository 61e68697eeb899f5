// The treasury deployable: hands PES files to each treasury post (Hélios) and takes back acknowledgments.
import { main } from '../../platform/service.ts';
import { treasury } from './service.ts';

main(treasury);
