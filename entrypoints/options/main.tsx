import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { OptionsApp } from '@/components/OptionsApp';
import '@/components/theme.css';
import { t } from '@/lib/i18n';
import { localizeDocument } from '@/lib/i18n/document';

localizeDocument(t('options.pageTitle'));

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <OptionsApp />
  </StrictMode>,
);
