import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Onboarding } from '@/components/Onboarding';
import '@/components/theme.css';
import { t } from '@/lib/i18n';
import { localizeDocument } from '@/lib/i18n/document';

localizeDocument(t('onboarding.pageTitle'));

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <Onboarding />
  </StrictMode>,
);
