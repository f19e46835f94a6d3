import { createTheme } from '@mantine/core';

export const theme = createTheme({
  fontFamily: 'Vazirmatn, system-ui, -apple-system, "Segoe UI", sans-serif',
  headings: { fontFamily: 'Vazirmatn, system-ui, -apple-system, "Segoe UI", sans-serif' },
  primaryColor: 'teal',
  defaultRadius: 'sm',
  cursorType: 'pointer',
  components: {
    TextInput: { defaultProps: { size: 'sm' } },
    Select: { defaultProps: { size: 'sm', allowDeselect: false } },
  },
});
