import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCsv } from '../../../main/exchange/csv';
import { exportData } from '../../../main/exchange/exchange.service';
import type { ExportEntity } from '../../../shared/exchange/exchange.schema';
import { DEFAULT_STAGES, WON_STAGE_ID } from '../../../shared/pipeline/stages';
import { openTestApp, type TestApp } from '../../helpers/temp-app';

let app: TestApp;
const now = Date.parse('2026-11-22T08:00:00.000Z');
beforeEach(() => {
  app = openTestApp({ wallClock: () => now, timeZone: 'Asia/Tehran' });
});
afterEach(() => app.dispose());

/** The exported file read back with the app's own CSV reader: header → cell, per row. */
function exported(entity: ExportEntity): Record<string, string>[] {
  const result = exportData(app.db, app.info.schemaVersion, 'csv', entity, new Date(now));
  if (!result.ok) throw new Error(`export of ${entity} failed`);
  expect(result.value.content.startsWith('\uFEFF')).toBe(true);
  expect(result.value.fileName).toBe(`pishkhan-${entity}-2026-11-22.csv`);
  const [header, ...rows] = [...readCsv(result.value.content.slice(1), ',')].map((r) => r.cells);
  expect(rows).toHaveLength(result.value.count);
  return rows.map((cells) => Object.fromEntries((header ?? []).map((h, i) => [h, cells[i] ?? ''])));
}

describe('CSV export of sales and billing records', () => {
  it('writes leads, deals, products, quotes, invoices and payments with decimal amounts and the shown status', () => {
    const lead = app.call('leads.create', { name: '=HYPERLINK("x")', company: 'Bahadori Print', phone: '09127654321' });
    app.call('leads.create', { name: 'نگار صالحی', company: '', phone: '' });
    const converted = app.call('leads.convert', {
      id: lead.id,
      organization: { create: true },
      person: { create: false },
      opportunity: {
        title: 'Print run',
        amountMinor: 50_000_000,
        currency: 'IRR',
        stageId: DEFAULT_STAGES[1]?.id ?? '',
      },
    });
    app.call('opportunities.move', { id: converted.opportunity?.id ?? '', stageId: WON_STAGE_ID });
    const tea = app.call('products.create', {
      name: 'Tea',
      sku: 'T-1',
      unit: 'kg',
      priceMinor: 1250,
      currency: 'USD',
      taxBasisPoints: 900,
    });
    const customerId = converted.customer.id;
    const quote = app.call('quotes.create', {
      customerId,
      currency: 'USD',
      lines: [{ productId: tea.id, description: 'Tea', quantityMilli: 2000, unitPriceMinor: 1250 }],
    });
    app.call('quotes.setStatus', { id: quote.id, status: 'accepted' });
    const invoice = app.call('invoices.issue', { id: app.call('quotes.convert', { id: quote.id }).id });
    app.call('payments.add', {
      invoiceId: invoice.id,
      paidAt: '2026-11-22T09:00:00Z',
      amountMinor: 1000,
      method: 'cheque',
      chequeNumber: '884422',
      chequeDueAt: '2026-12-01T00:00:00Z',
    });

    const leads = exported('leads');
    expect(leads.map((l) => l.Name)).toEqual(['\'=HYPERLINK("x")', 'نگار صالحی']);
    // A leading + is neutralized like = (a spreadsheet would read +98… as a formula).
    expect(leads[0]).toMatchObject({ Company: 'Bahadori Print', Phone: "'+989127654321", Status: 'converted' });

    expect(exported('opportunities')).toEqual([
      expect.objectContaining({
        Title: 'Print run',
        Customer: 'Bahadori Print',
        Stage: 'Won',
        Amount: '50000000',
        Currency: 'IRR',
        'Probability %': '100.00',
      }),
    ]);
    expect(exported('products')).toEqual([
      expect.objectContaining({
        Name: 'Tea',
        SKU: 'T-1',
        Unit: 'kg',
        Price: '12.50',
        Currency: 'USD',
        'Tax %': '9.00',
      }),
    ]);
    expect(exported('quotes')).toEqual([
      expect.objectContaining({
        Customer: 'Bahadori Print',
        Status: 'accepted',
        Total: '25.00',
        Invoice: invoice.number,
      }),
    ]);
    expect(exported('invoices')).toEqual([
      expect.objectContaining({
        Number: invoice.number,
        Kind: 'invoice',
        Status: 'partially_paid',
        Customer: 'Bahadori Print',
        Total: '25.00',
        Paid: '10.00',
        Balance: '15.00',
        Currency: 'USD',
      }),
    ]);
    expect(exported('payments')).toEqual([
      expect.objectContaining({
        Invoice: invoice.number,
        Customer: 'Bahadori Print',
        Amount: '10.00',
        Currency: 'USD',
        Method: 'cheque',
        'Cheque Number': '884422',
      }),
    ]);
  });

  it('an entity with no records is a file with the header only', () => {
    const result = exportData(app.db, app.info.schemaVersion, 'csv', 'invoices', new Date(now));
    expect(result.ok && result.value.count).toBe(0);
    expect(result.ok && result.value.content.split('\r\n')[0]).toBe(
      '\uFEFFNumber,Kind,Status,Customer,Issued At,Due At,Total,Paid,Balance,Currency,Id,Created At',
    );
  });
});
