/**
 * Spanish rule pack (es-ES, es-LA and other es-* UIs). Texts marked "docs/meta-platform.md §2.2" are quoted exactly
 * from a Spanish-UI walkthrough in docs/meta-platform.md (its odd agreement "los Cuentas" included:
 * that is what Meta showed). Everything marked inferred is our translation of the English string, to be
 * confirmed against a live Spanish UI; keep several variants because Meta's es-ES and es-LA differ.
 */
import { ARIA_RULES } from './aria';
import type { RulePack } from './types';
import { MANAGEMENT_SCOPE, MESSAGING_SCOPE } from '../../meta/whatsapp-scopes';

export const es: RulePack = {
  locale: 'es',
  version: 1,
  langs: ['es'],
  aria: ARIA_RULES,
  // Same anchors as en.ts (docs/meta-platform.md §2.2): the title with the app name, the re-establish sentence, and
  // the link that reopens the asset picker ("Continue" silently re-applies the old selection).
  reconnect: {
    // inferred "Reconnect to <App>?"
    titles: ['¿Volver a conectarte a {app}?', '¿Quieres volver a conectarte a {app}?', '¿Volver a conectar con {app}?', '¿Reconectar con {app}?'],
    body: ['Se restablecerá tu configuración anterior para esta conexión.', 'Esto restablecerá tu configuración anterior para esta conexión.'],
    editPrevious: ['Editar configuración anterior', 'Editar la configuración anterior'],
  },
  // The portfolio step: its title, the older "Business portfolio" field label, and the reason texts
  // printed under a greyed portfolio (not an admin of it / it owns the app; docs/meta-platform.md §2.2).
  businessSelection: {
    // inferred Meta's Spanish for "business portfolio" is "portfolio comercial" (es-ES) / "portafolio comercial" (es-LA).
    titles: ['Selecciona un portfolio comercial', 'Elige un portfolio comercial', 'Selecciona un portafolio comercial', 'Elige un portafolio comercial'],
    fieldLabels: ['Portfolio comercial', 'Portafolio comercial'],
    unavailable: ['Este portfolio comercial es propietario de {app}', 'Este portafolio comercial es propietario de {app}', 'Necesitas control total de este portfolio comercial', 'Necesitas control total de este portafolio comercial'],
  },
  // The WABA step: title, the two mode radios' labels (matched as prefixes: a description may follow),
  // the "N selected" counter ({n} captured) and bulk toggles that are not WABAs.
  wabaSelection: {
    // docs/meta-platform.md §2.2 (exact), then inferred grammatical variants.
    titles: ['Elige los Cuentas de WhatsApp a los que quieras que acceda {app}', 'Elige las cuentas de WhatsApp a las que quieres que acceda {app}', 'Elige una cuenta de WhatsApp Business'],
    modeAll: ['Activa todos los Cuentas de WhatsApp actuales y futuros', 'Activar todas las cuentas de WhatsApp actuales y futuras', 'Activa todas las cuentas de WhatsApp actuales y futuras'],
    modeSelected: ['Activa solo los Cuentas de WhatsApp actuales', 'Activar solo las cuentas de WhatsApp actuales', 'Activa solo las cuentas de WhatsApp actuales'],
    counter: ['{n} activo seleccionado', '{n} activos seleccionados', '{n} seleccionado', '{n} seleccionados', '{n} cuenta de WhatsApp seleccionada', '{n} cuentas de WhatsApp seleccionadas'],
    nonAssetControls: ['Seleccionar todo', 'Seleccionar todos', 'Anular selección', 'Deseleccionar todo'],
  },
  // The review step: title, each WhatsApp permission's label (label → scope is inferred, docs/meta-platform.md §2.2),
  // and status words that only count as whole lines inside a permission's own row.
  permissionsReview: {
    titles: ['Revisa la solicitud de acceso de {app}', 'Revisar la solicitud de acceso de {app}'],
    scopes: [
      { scope: MANAGEMENT_SCOPE, labels: ['Administrar tus cuentas de WhatsApp', 'Gestionar tus cuentas de WhatsApp'] },
      { scope: MESSAGING_SCOPE, labels: ['Administrar y acceder a las conversaciones en WhatsApp', 'Gestionar y acceder a las conversaciones de WhatsApp', 'Administrar y acceder a conversaciones en WhatsApp'] },
    ],
    stateOn: ['Activado', 'Permitido', 'Concedido'],
    stateOff: ['Desactivado', 'No permitido', 'No concedido', 'Rechazado'],
  },
  // The completion sentence; the Finish button only ever counts as a second anchor.
  success: {
    texts: ['{name} se conectó a {app}', '{name} se ha conectado a {app}', 'Conectaste {app}'],
    finish: ['Finalizar', 'Listo'],
  },
  // The same rule ids as en.ts (a schema test enforces it), so a support person sees one vocabulary.
  alerts: [
    { kind: 'not-admin', rule: 'admin-permission-required', blocking: true, texts: ['Se requiere permiso de administrador', 'Permiso de administrador necesario'] },
    { kind: 'not-admin', rule: 'no-permission-to-edit', blocking: true, texts: ['No tienes permiso para editar esta configuración'] },
    { kind: 'not-admin', rule: 'cannot-create-waba', blocking: true, texts: ['El usuario no tiene permiso para crear cuentas de WhatsApp Business'] },
    { kind: 'portfolio-unavailable', rule: 'portfolio-owns-app', blocking: false, texts: ['Este portfolio comercial es propietario de {app}', 'Este portafolio comercial es propietario de {app}'] },
    { kind: 'cannot-onboard', rule: 'cannot-onboard-customers', blocking: true, texts: ['{business} no puede registrar clientes en este momento'] },
    { kind: 'business-unverifiable', rule: 'cannot-verify-business', blocking: true, texts: ['No podemos verificar la cuenta comercial de Meta que seleccionaste'] },
    { kind: 'limit-reached', rule: 'business-limit', blocking: true, texts: ['Alcanzaste el límite de negocios que puedes crear en este momento'] },
    { kind: 'account-too-new', rule: 'account-too-new', blocking: true, texts: ['Tu cuenta de Facebook es demasiado nueva para crear una cuenta comercial'] },
    { kind: 'config-invalid', rule: 'config-id-invalid', blocking: true, texts: ['El identificador de configuración no es válido', 'Config ID is invalid'] },
    { kind: 'generic-error', rule: 'something-went-wrong', blocking: true, texts: ['Se produjo un error', 'Algo salió mal'] },
  ],
  // How an asset id is printed beside its name; only digits are captured.
  idLabels: ['Identificador: {id}', 'ID: {id}', 'ID {id}', 'Identificador de la cuenta: {id}', 'Identificador de la cuenta de WhatsApp Business: {id}', 'Identificador del portfolio comercial: {id}', 'Identificador del portafolio comercial: {id}'],
  // People page: title, access column header, the "you" marker, and access levels as whole lines.
  people: {
    titles: ['Personas'],
    columnHeaders: ['Acceso al portfolio comercial', 'Acceso al portafolio comercial'],
    self: ['Tú', '(Tú)', 'Tu'],
    fullControl: ['Control total', 'Control total (Todo)', 'Acceso de administrador', 'Administrador'],
    partialAccess: ['Acceso parcial', 'Acceso parcial (Básico)', 'Acceso parcial (Apps e integraciones)', 'Acceso de empleado', 'Empleado', 'Básico', 'Desarrollador'],
  },
  // Accounts > WhatsApp accounts page title (docs/meta-platform.md §7).
  wabaPage: {
    titles: ['Cuentas de WhatsApp', 'Cuentas de WhatsApp Business'],
  },
};
