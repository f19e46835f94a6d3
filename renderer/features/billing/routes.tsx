/** Billing routes and sidebar items, added to the app's router and shell. */
import { IconBuildingStore, IconFileDollar, IconFileInvoice, IconPackage } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Route } from 'wouter';
import type { MessageKey } from '../../../shared/i18n';
import { BusinessProfilePage } from './BusinessProfilePage';
import { InvoiceEditorPage, QuoteEditorPage } from './DocumentEditor';
import { InvoicesPage, QuotesPage } from './ListPages';
import { ProductsPage } from './ProductsPage';

export const BILLING_NAV: { path: string; label: MessageKey; icon: ReactNode }[] = [
  { path: '/quotes', label: 'billing.nav.quotes', icon: <IconFileDollar size={18} stroke={1.6} /> },
  { path: '/invoices', label: 'billing.nav.invoices', icon: <IconFileInvoice size={18} stroke={1.6} /> },
  { path: '/products', label: 'billing.nav.products', icon: <IconPackage size={18} stroke={1.6} /> },
  { path: '/settings/business', label: 'billing.nav.profile', icon: <IconBuildingStore size={18} stroke={1.6} /> },
];

/** Inside the app's <Switch>; each is a plain <Route> so the switch matches them. */
export const billingRoutes = [
  <Route key="products" path="/products" component={ProductsPage} />,
  <Route key="quotes" path="/quotes" component={QuotesPage} />,
  <Route key="quote-new" path="/quotes/new">
    {() => <QuoteEditorPage id={null} />}
  </Route>,
  <Route key="quote-for-opportunity" path="/pipeline/opportunities/:id/new-quote">
    {(params) => <QuoteEditorPage id={null} opportunityId={params.id} key={`new-${params.id}`} />}
  </Route>,
  <Route key="quote" path="/quotes/:id">
    {(params) => <QuoteEditorPage id={params.id} key={params.id} />}
  </Route>,
  <Route key="invoices" path="/invoices" component={InvoicesPage} />,
  <Route key="invoice-new" path="/invoices/new">
    {() => <InvoiceEditorPage id={null} />}
  </Route>,
  <Route key="invoice" path="/invoices/:id">
    {(params) => <InvoiceEditorPage id={params.id} key={params.id} />}
  </Route>,
  <Route key="profile" path="/settings/business" component={BusinessProfilePage} />,
];
