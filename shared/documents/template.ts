/**
 * The one HTML template of printed quotes and invoices: a pure function of the document, the
 * business profile and the locale. No Node, no DOM, no clock, no network — the same input gives
 * the same HTML byte for byte. Fonts come in as URLs (data: or file:) chosen by the caller, so
 * the page never depends on what is installed and never fetches anything.
 *
 * Chromium prints it: `webContents.printToPDF` in the desktop app, playwright-core elsewhere.
 * Print rules: @page size A4/A5, table header repeated on every page (thead is a
 * table-header-group), rows never split across pages, totals kept together.
 *
 * Numbers: amounts are grouped (٬ with Persian digits, `,` with Latin); document numbers are
 * printed exactly as stored, in ASCII digits inside an LTR isolate, never grouped, so a search
 * in the PDF (or `pdftotext`) finds `A-1405-00042` as it is in the database.
 */
import { formatDate, localizeDigits } from '../format/format';
import { createTranslator, isMessageKey, type Translator } from '../i18n/index';
import { minorDigits, rialToToman, toDecimalString, QUANTITY_SCALE } from '../money/money';
import { amountInWords } from '../money/words';
import type { DigitSet, Language } from '../preferences';
import type { BusinessProfile, PaperSize, PrintableDocument } from './printable';

export interface DocumentFonts {
  /** URL of Vazirmatn Regular (woff2), e.g. a data: URL or a file:// URL. */
  regular: string;
  /** URL of Vazirmatn Bold (woff2). */
  bold: string;
}

export interface TemplateOptions {
  language: Language;
  paper: PaperSize;
  /** IANA zone in which the document's dates are shown (the business's zone). */
  timeZone: string;
  fonts: DocumentFonts;
}

export type PaymentState = 'unpaid' | 'partial' | 'paid';

export function paymentState(totals: PrintableDocument['totals']): PaymentState {
  if (totals.balance <= 0 && totals.total > 0) return 'paid';
  if (totals.paid > 0) return 'partial';
  return totals.total === 0 ? 'paid' : 'unpaid';
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Groups the whole part of an ASCII decimal string: "-1234567.5" → "-1,234,567.5" / "-۱٬۲۳۴٬۵۶۷٫۵". */
export function groupDecimal(decimal: string, digits: DigitSet): string {
  const negative = decimal.startsWith('-');
  const [whole = '0', fraction] = (negative ? decimal.slice(1) : decimal).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const ascii = `${negative ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
  if (digits === 'latin') return ascii;
  return localizeDigits(ascii.replace(/,/g, '٬').replace('.', '٫').replace('-', '−'), 'persian');
}

/** An amount in minor units as shown on the document (Toman when the profile says so). */
export function displayAmount(
  minor: number,
  currency: string,
  rialDisplay: BusinessProfile['rialDisplay'],
  digits: DigitSet,
): string {
  const decimal =
    currency === 'IRR' && rialDisplay === 'toman' ? rialToToman(minor) : toDecimalString(minor, minorDigits(currency));
  return groupDecimal(decimal, digits);
}

function quantityText(quantityMilli: number, digits: DigitSet): string {
  const decimal = toDecimalString(quantityMilli, Math.log10(QUANTITY_SCALE)).replace(/\.?0+$/, '');
  return groupDecimal(decimal || '0', digits);
}

function rateText(basisPoints: number, digits: DigitSet): string {
  const decimal = toDecimalString(basisPoints, 2).replace(/\.?0+$/, '');
  return `${groupDecimal(decimal || '0', digits)}${digits === 'persian' ? '٪' : '%'}`;
}

function currencyLabel(t: Translator, currency: string, rialDisplay: BusinessProfile['rialDisplay']): string {
  if (currency === 'IRR') return t(rialDisplay === 'toman' ? 'document.currency.toman' : 'document.currency.rial');
  return currency;
}

/** A translated status or payment method; an unknown value is printed as it is. */
function translated(t: Translator, key: string, fallback: string): string {
  const full = `document.${key}`;
  return isMessageKey(full) ? t(full) : fallback;
}

/** The number as stored, ASCII digits, never grouped, isolated left-to-right. */
function documentNumber(number: string): string {
  return `<bdi dir="ltr" class="docno">${escapeHtml(number)}</bdi>`;
}

/** User text (names, addresses) keeps its own direction inside either layout. */
function userText(text: string): string {
  return `<bdi>${escapeHtml(text)}</bdi>`;
}

function multiline(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => userText(line))
    .join('<br>');
}

const LOGO = /^data:image\/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=\s]+$/;

function css(options: TemplateOptions): string {
  const a5 = options.paper === 'A5';
  const fontUrl = (url: string) => `url("${url.replace(/["\\\n]/g, '')}")`;
  return `
@font-face { font-family: 'Vazirmatn'; font-style: normal; font-weight: 400; src: ${fontUrl(options.fonts.regular)} format('woff2'); }
@font-face { font-family: 'Vazirmatn'; font-style: normal; font-weight: 700; src: ${fontUrl(options.fonts.bold)} format('woff2'); }
@page { size: ${options.paper} portrait; margin: ${a5 ? '10mm 9mm 12mm' : '14mm 13mm 16mm'}; }
* { box-sizing: border-box; }
html { font-family: 'Vazirmatn'; font-size: ${a5 ? '7.6pt' : '9.5pt'}; color: #1d2330; line-height: 1.5;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; }
h1, h2, p { margin: 0; }
bdi.docno { unicode-bidi: isolate; direction: ltr; font-feature-settings: 'tnum'; }
.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.top { display: flex; justify-content: space-between; align-items: flex-start; gap: 6mm;
  padding-block-end: 4mm; border-block-end: 2px solid #1f4e79; margin-block-end: 4mm; }
.seller { display: flex; gap: 4mm; align-items: flex-start; min-width: 0; }
.logo { max-height: ${a5 ? '16mm' : '22mm'}; max-width: ${a5 ? '30mm' : '42mm'}; object-fit: contain; }
.seller h2 { font-size: 1.45em; font-weight: 700; color: #1f4e79; }
.muted { color: #5a6475; }
.title { text-align: end; flex: none; }
.title h1 { font-size: 2em; font-weight: 700; color: #1f4e79; line-height: 1.2; }
.meta { border-collapse: collapse; margin-inline-start: auto; margin-block-start: 1.5mm; }
.meta th { font-weight: 400; color: #5a6475; text-align: start; padding: 0.2mm 0; padding-inline-end: 3mm; }
.meta td { text-align: end; font-weight: 700; padding: 0.2mm 0; }
.party { display: flex; gap: 6mm; margin-block-end: 4mm; }
.party > div { flex: 1; border: 1px solid #d5dbe5; border-radius: 2mm; padding: 2.5mm 3.5mm; }
.party .label { font-size: 0.85em; color: #5a6475; font-weight: 700; }
.party .name { font-size: 1.2em; font-weight: 700; }
table.lines { width: 100%; border-collapse: collapse; }
table.lines thead { display: table-header-group; }
table.lines tfoot { display: table-footer-group; }
table.lines tr { break-inside: avoid; page-break-inside: avoid; }
table.lines th { background: #1f4e79; color: #fff; font-weight: 700; padding: 1.6mm 1.5mm; text-align: start;
  border: 1px solid #1f4e79; }
table.lines td { padding: 1.3mm 1.5mm; border: 1px solid #d5dbe5; vertical-align: top; }
table.lines tbody tr:nth-child(even) td { background: #f4f6fa; }
table.lines .end { text-align: end; }
table.lines .center { text-align: center; }
table.lines .sub { display: block; font-size: 0.82em; color: #5a6475; }
.after { display: flex; gap: 6mm; margin-block-start: 4mm; break-inside: avoid; page-break-inside: avoid; }
.after .words { flex: 1; }
.box { border: 1px solid #d5dbe5; border-radius: 2mm; padding: 2.5mm 3.5mm; margin-block-end: 3mm; }
.box .label { font-size: 0.85em; color: #5a6475; font-weight: 700; display: block; }
table.totals { align-self: flex-start; border-collapse: collapse; min-width: ${a5 ? '52mm' : '72mm'}; }
table.totals th { text-align: start; font-weight: 400; padding: 1mm 2mm; color: #3b4556; }
table.totals td { text-align: end; padding: 1mm 2mm; }
table.totals tr.grand th, table.totals tr.grand td { font-weight: 700; font-size: 1.2em; color: #fff; background: #1f4e79; }
table.totals tr.balance th, table.totals tr.balance td { font-weight: 700; border-block-start: 1px solid #1f4e79; }
.state { display: inline-block; font-weight: 700; padding: 0.4mm 2.5mm; border-radius: 1.5mm; border: 1px solid currentColor; }
.state.paid { color: #1b7f3b; } .state.partial { color: #b26a00; } .state.unpaid { color: #b3261e; }
table.payments { width: 100%; border-collapse: collapse; margin-block-start: 1mm; }
table.payments th { text-align: start; font-weight: 700; color: #5a6475; border-block-end: 1px solid #d5dbe5; padding: 0.6mm 1mm; }
table.payments td { padding: 0.6mm 1mm; }
table.payments .end { text-align: end; }
.footer { margin-block-start: 5mm; padding-block-start: 2mm; border-block-start: 1px solid #d5dbe5; color: #5a6475;
  text-align: center; break-inside: avoid; }
.draft-mark { position: fixed; inset-block-start: 40%; inset-inline: 0; text-align: center; font-size: 6em;
  font-weight: 700; color: rgba(179, 38, 30, 0.08); transform: rotate(-20deg); }
`;
}

/**
 * The complete HTML page of a quote or invoice. Deterministic: no time, randomness or I/O.
 */
export function renderDocumentHtml(
  document: PrintableDocument,
  profile: BusinessProfile,
  options: TemplateOptions,
): string {
  const { language } = options;
  const digits: DigitSet = language === 'fa' ? 'persian' : 'latin';
  const display = { language, calendar: language === 'fa' ? ('jalali' as const) : ('gregorian' as const), digits };
  const t = createTranslator(language, digits);
  const money = (minor: number) => displayAmount(minor, document.currency, profile.rialDisplay, digits);
  const date = (iso: string | null) => (iso ? escapeHtml(formatDate(iso, display, options.timeZone)) : '—');
  const isInvoice = document.kind === 'invoice';
  const title = t(isInvoice ? 'document.invoice' : 'document.quote');
  const currency = currencyLabel(t, document.currency, profile.rialDisplay);
  const state = paymentState(document.totals);
  const numberCell = document.number ? documentNumber(document.number) : escapeHtml(t('document.draft'));

  const logo =
    profile.logoDataUrl && LOGO.test(profile.logoDataUrl)
      ? `<img class="logo" alt="" src="${escapeHtml(profile.logoDataUrl)}">`
      : '';
  const sellerLines = [
    profile.address ? multiline(profile.address) : '',
    profile.phone ? `${escapeHtml(t('document.phone'))}: <bdi dir="ltr">${escapeHtml(profile.phone)}</bdi>` : '',
    profile.taxCode ? `${escapeHtml(t('document.taxCode'))}: <bdi dir="ltr">${escapeHtml(profile.taxCode)}</bdi>` : '',
  ].filter(Boolean);

  const meta: [string, string][] = [
    [t('document.number'), numberCell],
    [t('document.date'), date(document.issuedAt)],
  ];
  if (document.dueAt) meta.push([t(isInvoice ? 'document.dueDate' : 'document.validUntil'), date(document.dueAt)]);
  meta.push([t('document.status'), escapeHtml(translated(t, `status.${document.status}`, document.status))]);
  meta.push([t('document.currency'), escapeHtml(currency)]);

  const customer = document.customer;
  const customerLines = [
    customer.address ? multiline(customer.address) : '',
    customer.phone ? `${escapeHtml(t('document.phone'))}: <bdi dir="ltr">${escapeHtml(customer.phone)}</bdi>` : '',
    customer.email ? `${escapeHtml(t('document.email'))}: <bdi dir="ltr">${escapeHtml(customer.email)}</bdi>` : '',
    customer.taxCode
      ? `${escapeHtml(t('document.taxCode'))}: <bdi dir="ltr">${escapeHtml(customer.taxCode)}</bdi>`
      : '',
  ].filter(Boolean);

  const rows = document.lines
    .map((line, index) => {
      const sku = line.sku
        ? `<span class="sub">${escapeHtml(t('document.sku'))}: <bdi dir="ltr">${escapeHtml(line.sku)}</bdi></span>`
        : '';
      const unit = line.unit ? ` <span class="muted">${userText(line.unit)}</span>` : '';
      const rate = line.taxBasisPoints ? `<span class="sub">${rateText(line.taxBasisPoints, digits)}</span>` : '';
      return `<tr>
<td class="center num">${localizeDigits(String(index + 1), digits)}</td>
<td>${userText(line.description)}${sku}</td>
<td class="end num">${quantityText(line.quantityMilli, digits)}${unit}</td>
<td class="end num">${money(line.unitPriceMinor)}</td>
<td class="end num">${line.discountMinor ? money(line.discountMinor) : '—'}</td>
<td class="end num">${money(line.taxMinor)}${rate}</td>
<td class="end num"><b>${money(line.totalMinor)}</b></td>
</tr>`;
    })
    .join('\n');

  const totals = document.totals;
  const totalRows: [string, string, string][] = [[t('document.subtotal'), money(totals.gross), '']];
  if (totals.discount) {
    totalRows.push([t('document.discount'), money(totals.discount), '']);
    totalRows.push([t('document.netAmount'), money(totals.net), '']);
  }
  totalRows.push([t('document.tax'), money(totals.tax), '']);
  totalRows.push([`${t('document.total')} (${currency})`, money(totals.total), 'grand']);
  if (isInvoice) {
    totalRows.push([t('document.paid'), money(totals.paid), '']);
    totalRows.push([t('document.balanceDue'), money(totals.balance), 'balance']);
  }

  const payments =
    isInvoice && document.payments.length > 0
      ? `<div class="box"><span class="label">${escapeHtml(t('document.payments'))}</span>
<table class="payments"><thead><tr><th>${escapeHtml(t('document.date'))}</th><th>${escapeHtml(t('document.paymentMethod'))}</th><th>${escapeHtml(t('document.reference'))}</th><th class="end">${escapeHtml(t('document.amount'))}</th></tr></thead><tbody>
${document.payments
  .map(
    (p) =>
      `<tr><td>${date(p.date)}</td><td>${escapeHtml(translated(t, `method.${p.method}`, p.method))}</td><td><bdi dir="ltr">${escapeHtml(p.reference)}</bdi></td><td class="end num">${money(p.amountMinor)}</td></tr>`,
  )
  .join('\n')}
</tbody></table></div>`
      : '';

  const paymentStatus = isInvoice
    ? `<div class="box"><span class="label">${escapeHtml(t('document.paymentStatus'))}</span><span class="state ${state}">${escapeHtml(t(`document.payment.${state}`))}</span></div>`
    : '';

  const notes = document.notes
    ? `<div class="box"><span class="label">${escapeHtml(t('document.notes'))}</span>${multiline(document.notes)}</div>`
    : '';

  const pageTitle = `${title} ${document.number ?? t('document.draft')}`;
  return `<!DOCTYPE html>
<html lang="${language}" dir="${language === 'fa' ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src data: file:; img-src data:">
<title>${escapeHtml(pageTitle)}</title>
<style>${css(options)}</style>
</head>
<body class="paper-${options.paper.toLowerCase()}">
${document.number ? '' : `<div class="draft-mark">${escapeHtml(t('document.draft'))}</div>`}
<header class="top">
<div class="seller">${logo}<div><h2>${userText(profile.name)}</h2>${sellerLines.map((l) => `<p class="muted">${l}</p>`).join('')}</div></div>
<div class="title"><h1>${escapeHtml(title)}</h1>
<table class="meta">${meta.map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${value}</td></tr>`).join('')}</table></div>
</header>
<section class="party"><div><p class="label">${escapeHtml(t('document.billTo'))}</p><p class="name">${userText(customer.name)}</p>${customerLines.map((l) => `<p>${l}</p>`).join('')}</div></section>
<table class="lines">
<thead><tr>
<th class="center">${escapeHtml(t('document.row'))}</th>
<th>${escapeHtml(t('document.description'))}</th>
<th class="end">${escapeHtml(t('document.qty'))}</th>
<th class="end">${escapeHtml(t('document.unitPrice'))}</th>
<th class="end">${escapeHtml(t('document.discount'))}</th>
<th class="end">${escapeHtml(t('document.tax'))}</th>
<th class="end">${escapeHtml(t('document.lineTotal'))}</th>
</tr></thead>
<tbody>
${rows}
</tbody>
</table>
<section class="after">
<div class="words">
<div class="box"><span class="label">${escapeHtml(t('document.amountInWords'))}</span>${escapeHtml(amountInWords(totals.total, document.currency, language, profile.rialDisplay))}</div>
${paymentStatus}
${payments}
${notes}
</div>
<table class="totals">${totalRows.map(([label, value, cls]) => `<tr${cls ? ` class="${cls}"` : ''}><th>${escapeHtml(label)}</th><td class="num">${value}</td></tr>`).join('')}</table>
</section>
${profile.footer ? `<footer class="footer">${multiline(profile.footer)}</footer>` : ''}
</body>
</html>
`;
}
