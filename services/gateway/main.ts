// The gateway deployable: the HTTP API suppliers and finance departments call.
import { main } from '../../platform/service.ts';
import { gateway } from './service.ts';

main(gateway);
