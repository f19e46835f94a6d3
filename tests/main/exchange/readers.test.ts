import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, detectDelimiter, readCsv } from '../../../main/exchange/csv';
import { decodeBytes } from '../../../main/exchange/decode';
import { neutralize, toCsv } from '../../../main/exchange/csv';
import { readVCards } from '../../../main/exchange/vcard';
import { autoMapping, fieldForHeader } from '../../../shared/exchange/exchange.schema';

const cells = (text: string) => [...readCsv(text, detectDelimiter(text))].map((r) => r.cells);

describe('CSV reader', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks, and reports start lines', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","line1\nline2"\n3,,\n\n4,5,6';
    const records = [...readCsv(text, ',')];
    expect(records.map((r) => r.cells)).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'line1\nline2'],
      ['3', '', ''],
      ['4', '5', '6'],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 4, 6]);
  });

  it('detects comma, semicolon and tab', () => {
    expect(detectDelimiter('Name;Phone;City\nA;1;X\nB;2;Y')).toBe(';');
    expect(detectDelimiter('Name\tPhone\nA, B\t1\n')).toBe('\t');
    expect(detectDelimiter('Name,Phone\n"A; B",1\n')).toBe(',');
    expect(cells('نام;موبایل\r\nعلی;0912')).toEqual([
      ['نام', 'موبایل'],
      ['علی', '0912'],
    ]);
  });

  it('refuses broken quoting with the line of the record', () => {
    let caught: unknown = null;
    try {
      Array.from(readCsv('a,b\n1,2\n"open,3\n4,5\n', ','));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CsvSyntaxError);
    expect(caught).toMatchObject({ code: 'unclosed_quote', line: 3 });
    expect(() => [...readCsv('a,b\n"x"y,1\n', ',')]).toThrow(/text_after_quote/);
  });
});

describe('decoding', () => {
  const persian = 'نام,شهر\nعلی,تهران\n';
  it('reads UTF-8 with and without BOM, UTF-16 LE/BE with BOM and LE without, and Windows-1256', () => {
    const utf8 = Buffer.from(persian, 'utf8');
    expect(decodeBytes(utf8)).toEqual({ text: persian, encoding: 'utf-8' });
    expect(decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8])).text).toBe(persian);
    const le = Buffer.from(persian, 'utf16le');
    expect(decodeBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), le]))).toEqual({
      text: persian,
      encoding: 'utf-16le',
    });
    expect(decodeBytes(le).encoding).toBe('utf-16le');
    const be = Buffer.from(le).swap16();
    expect(decodeBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), be])).text).toBe(persian);
    // «علی» in Windows-1256: Arabic yeh 0xED, since 1256 has no Persian yeh.
    const ansi = Buffer.from([0xe1, 0xc7, 0xe3, 0x2c, 0xda, 0xe1, 0xed]);
    expect(decodeBytes(ansi)).toEqual({ text: 'لام,علي', encoding: 'windows-1256' });
  });
});

describe('header auto-mapping', () => {
  it('maps English and Persian header names, Google-style numbered headers, and ignores the rest', () => {
    expect(
      autoMapping([
        'Name',
        'نام',
        'Mobile',
        'تلفن همراه',
        'موبايل',
        'E-mail 1 - Value',
        'ایمیل',
        'City',
        'شهر',
        'Company',
        'سازمان',
        'Tags',
        'برچسب‌ها',
        'Shoe size',
      ]),
    ).toEqual([
      'name',
      'name',
      'mobile',
      'mobile',
      'mobile',
      'email',
      'email',
      'city',
      'city',
      'organization',
      'organization',
      'tags',
      'tags',
      'ignore',
    ]);
    expect(fieldForHeader('  First Name ')).toBe('firstName');
    expect(fieldForHeader('نام خانوادگی')).toBe('lastName');
  });
});

describe('export cells', () => {
  it('neutralizes formula-looking cells and writes UTF-8 with BOM', () => {
    expect(['=1+1', '+98912', '-2', '@SUM(A1)', '\tx', 'safe'].map(neutralize)).toEqual([
      "'=1+1",
      "'+98912",
      "'-2",
      "'@SUM(A1)",
      "'\tx",
      'safe',
    ]);
    const csv = toCsv(['Name'], [['=HYPERLINK("http://x")'], ['a,b']]);
    expect(csv.startsWith('\uFEFFName\r\n')).toBe(true);
    expect(csv).toContain('"\'=HYPERLINK(""http://x"")"');
    expect(csv).toContain('"a,b"');
  });
});

describe('vCard reader', () => {
  it('unfolds lines, decodes quoted-printable with unindented soft breaks and charsets, unescapes, skips photos', () => {
    const card = [
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D8=B9=D9=84=DB=8C;=D8=B1=D8=B6=D8=A7=',
      '=DB=8C=DB=8C;;;',
      'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D8=B9=D9=84=DB=8C =D8=B1=D8=B6=D8=A7=DB=8C=DB=8C',
      'item1.TEL;CELL;PREF:0912 123',
      ' 4567',
      'EMAIL;TYPE=INTERNET:a@b.ir',
      'NOTE:one\\, two\\; three\\nfour',
      'PHOTO;ENCODING=BASE64;JPEG:AAAA',
      ' BBBB',
      '',
      'END:VCARD',
    ].join('\r\r\n');
    const [c] = readVCards(Buffer.from(card, 'latin1'));
    expect(c).toMatchObject({
      name: 'علی رضایی',
      phones: [{ value: '0912 1234567', label: 'mobile' }],
      emails: ['a@b.ir'],
      notes: ['one, two; three\nfour'],
    });
  });
});
