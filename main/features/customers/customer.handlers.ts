import type { HandlerContext, HandlerGroup } from '../../rpc/handler.types';
import { AppError } from '../../../shared/errors';
import {
  customerHistory,
  customerRef,
  findCustomer,
  listCustomers,
  listOrganizations,
  listTags,
  peopleOf,
} from './customer.repository';
import {
  createCustomer,
  deleteCustomer,
  restoreCustomer,
  updateCustomer,
  type CustomerContext,
} from './customer.service';

const serviceContext = (ctx: HandlerContext): CustomerContext => ({
  writer: ctx.writer,
  phoneRegion: ctx.preferences().phoneRegion,
});

export const customerHandlers: HandlerGroup<
  | 'customers.list'
  | 'customers.get'
  | 'customers.create'
  | 'customers.update'
  | 'customers.delete'
  | 'customers.restore'
  | 'customers.history'
  | 'customers.tags'
  | 'customers.organizations'
> = {
  'customers.list': (input, ctx) => listCustomers(ctx.db, input),
  'customers.get': ({ id }, ctx) => {
    const customer = findCustomer(ctx.db, id);
    if (!customer) throw new AppError('not_found', { params: { id } });
    const owner = ctx.db.prepare('SELECT name FROM users WHERE id = ?').get(customer.ownerId) as
      { name: string } | undefined;
    return {
      customer,
      organization: customer.organizationId ? customerRef(ctx.db, customer.organizationId) : null,
      people: customer.kind === 'organization' ? peopleOf(ctx.db, id) : [],
      ownerName: owner?.name ?? '',
    };
  },
  'customers.create': (input, ctx) => createCustomer(serviceContext(ctx), input),
  'customers.update': ({ id, changed, ...values }, ctx) => updateCustomer(serviceContext(ctx), id, values, changed),
  'customers.delete': ({ id }, ctx) => {
    deleteCustomer(serviceContext(ctx), id);
    return { id };
  },
  'customers.restore': ({ id }, ctx) => restoreCustomer(serviceContext(ctx), id),
  'customers.history': ({ id }, ctx) => {
    if (!findCustomer(ctx.db, id)) throw new AppError('not_found', { params: { id } });
    return customerHistory(ctx.db, id);
  },
  'customers.tags': (_input, ctx) => listTags(ctx.db),
  'customers.organizations': ({ query }, ctx) => listOrganizations(ctx.db, query),
};
