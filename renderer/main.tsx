import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import 'react-day-picker/style.css';
import 'vazirmatn/Vazirmatn-Variable-font-face.css';
import './styles/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
