import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Onboarding } from '@/components/Onboarding';
import '@/components/theme.css';

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <Onboarding />
  </StrictMode>,
);
