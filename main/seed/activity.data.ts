/**
 * Word lists for seeded activities and notes of a small Iranian shop: subjects per activity type,
 * outcomes, descriptions and note bodies, in Persian and English. Persian texts use the ZWNJ
 * (نیم‌فاصله) where careful typists put it, and some Persian digits, as real entries do.
 */
import type { ActivityType, Recurrence } from '../../shared/activities/activity.schema';

export interface Texts {
  fa: readonly string[];
  en: readonly string[];
}

export const SUBJECTS: Record<ActivityType, Texts> = {
  call: {
    fa: [
      'تماس پیگیری سفارش',
      'تماس پیگیری پرداخت',
      'تماس برای تمدید قرارداد',
      'پاسخ به تماس مشتری',
      'تماس معرفی محصول جدید',
      'هماهنگی ارسال بار',
      'پیگیری چک برگشتی',
      'تماس پیگیری پیش‌فاکتور',
      'نظرسنجی رضایت مشتری',
      'تماس درباره شکایت مشتری',
      'یادآوری سررسید فاکتور',
    ],
    en: [
      'Follow-up call',
      'Payment reminder call',
      'Call about the renewal',
      'Returned customer call',
      'Delivery coordination call',
      'Satisfaction survey call',
      'Call about a complaint',
    ],
  },
  email: {
    fa: [
      'ارسال پیش‌فاکتور',
      'ارسال کاتالوگ محصولات',
      'ارسال فاکتور رسمی',
      'پاسخ به درخواست قیمت',
      'ارسال قرارداد برای امضا',
      'ارسال لیست قیمت جدید',
      'ارسال مشخصات فنی کالا',
    ],
    en: [
      'Send quote',
      'Send product catalogue',
      'Invoice sent',
      'Reply to price request',
      'Contract for signature',
      'New price list',
    ],
  },
  meeting: {
    fa: [
      'جلسه معرفی محصول',
      'جلسه مذاکره قیمت',
      'بازدید از فروشگاه مشتری',
      'جلسه بررسی قرارداد',
      'دمو نرم‌افزار حسابداری',
      'جلسه آموزش کارکنان',
      'بازدید از انبار',
    ],
    en: ['Product demo meeting', 'Price negotiation', 'Site visit', 'Quarterly review', 'Contract review meeting'],
  },
  letter: {
    fa: [
      'نامه رسمی تمدید قرارداد',
      'ارسال نامه اعلام قیمت',
      'نامه تشکر از همکاری',
      'ارسال بارنامه و اسناد',
      'نامه مطالبه مانده حساب',
    ],
    en: ['Renewal letter', 'Price change notice', 'Thank-you letter', 'Shipping documents'],
  },
  task: {
    fa: [
      'آماده کردن پیش‌فاکتور',
      'پیگیری وصول چک',
      'به‌روزرسانی اطلاعات تماس',
      'ارسال نمونه کالا',
      'ثبت سفارش در سیستم',
      'بررسی موجودی انبار',
      'صدور فاکتور',
      'تهیه گزارش خرید مشتری',
    ],
    en: [
      'Prepare quote',
      'Update contact details',
      'Ship samples',
      'Check stock for the order',
      'Issue invoice',
      'Chase overdue payment',
    ],
  },
};

/** Subjects of repeating tasks, with how they repeat. */
export const RECURRING_TASKS: readonly (readonly [fa: string, en: string, recurrence: Recurrence])[] = [
  ['تماس ماهانه با مشتری', 'Monthly check-in call', 'monthly'],
  ['پیگیری قسط ماهانه', 'Monthly instalment follow-up', 'monthly'],
  ['گزارش هفتگی سفارش‌ها', 'Weekly order report', 'weekly'],
  ['بررسی هفتگی موجودی', 'Weekly stock check', 'weekly'],
  ['تمدید سالانه قرارداد پشتیبانی', 'Yearly support contract renewal', 'yearly'],
  ['تبریک نوروز', 'Nowruz greetings', 'yearly'],
  ['کنترل روزانه سفارش‌های باز', 'Daily open orders check', 'daily'],
];

export const OUTCOMES: Texts = {
  fa: [
    'مشتری راضی بود',
    'سفارش ثبت شد',
    'قرار شد هفته بعد دوباره تماس بگیریم',
    'پاسخ نداد، پیامک ارسال شد',
    'پیش‌فاکتور تأیید شد',
    'درخواست تخفیف ۵ درصد داشت',
    'پرداخت انجام شد',
    'چک به تاریخ آخر ماه تحویل می‌دهد',
    'کالا سالم رسید',
    'منتظر تأیید مدیر خرید است',
  ],
  en: [
    'Customer happy',
    'Order placed',
    'No answer, left a voicemail',
    'Asked for a 5% discount',
    'Quote accepted',
    'Paid in full',
    'Waiting for the buyer to approve',
  ],
};

export const ACTIVITY_DESCRIPTIONS: Texts = {
  fa: [
    'درباره سفارش ۲۰ کارتن روغن صحبت شد.',
    'مشتری خواستار ارسال سریع‌تر است.',
    'قیمت‌های جدید فصل پاییز ارسال شود.',
    'قبل از تماس، مانده حساب مشتری بررسی شود.',
    'نمونه‌ها با پست پیشتاز فرستاده شد.',
    'مدیر فروش هم در جلسه حضور داشت.',
    'شرایط پرداخت: نصف نقد، نصف چک دوماهه.',
    'آدرس تحویل تغییر کرده است.',
  ],
  en: [
    'Discussed the order of 20 cartons.',
    'Wants faster delivery.',
    'Send the autumn price list.',
    'Check the account balance before calling.',
    'Samples sent by express post.',
    'Payment terms: half now, half in 60 days.',
  ],
};

export const NOTE_BODIES: Texts = {
  fa: [
    'مشتری ترجیح می‌دهد بعدازظهرها با او تماس بگیریم.',
    'حساب مشتری تا پایان ماه تسویه می‌شود.',
    'شماره جدید انبار: ۰۲۱۴۴۵۵۶۶۷۷',
    'به محصولات جدید علاقه‌مند است؛ کاتالوگ بعدی برایش ارسال شود.',
    'برای سفارش‌های بالای ۵۰ میلیون تومان تخفیف ویژه خواسته است.',
    'فاکتورها باید به نام شرکت صادر شود، نه شخص.',
    'از کیفیت بسته‌بندی ماه قبل گله داشت.',
    'معرفی‌شده از طرف آقای رضایی.',
    'ساعت کاری انبار: شنبه تا چهارشنبه، ۸ تا ۱۶',
    'مسئول خرید عوض شده؛ با خانم محمدی هماهنگ شود.',
  ],
  en: [
    'Prefers WhatsApp over phone calls.',
    'Pays by bank transfer at the end of the month.',
    'Interested in the new range; send the next catalogue.',
    'Invoices must be issued to the company, not the person.',
    'Complained about packaging last month.',
    'Referred by Mr Rezaei.',
    'New purchasing manager: ask for Ms Taylor.',
  ],
};
