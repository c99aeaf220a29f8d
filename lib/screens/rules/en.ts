/**
 * English rule pack. Texts marked "docs/meta-platform.md §x" are quoted exactly from docs/meta-platform.md (observed
 * in walkthroughs or Meta docs); texts marked inferred are variants we expect from Meta's renames (e.g.
 * "Opt in to…" became "Activate…" in some UI versions, docs/meta-platform.md §2.2) and are unconfirmed.
 */
import { ARIA_RULES } from './aria';
import type { RulePack } from './types';
import { MANAGEMENT_SCOPE, MESSAGING_SCOPE, PERMISSION_LABELS } from '../../meta/whatsapp-scopes';

export const en: RulePack = {
  locale: 'en',
  version: 1,
  langs: ['en'],
  aria: ARIA_RULES,
  reconnect: {
    // docs/meta-platform.md §2.2: the screen shown when a prior grant exists.
    titles: ['Reconnect to {app}?'],
    body: ['This will re-establish your previous settings for this connection.'],
    // docs/meta-platform.md §2.2: the only way to change the WABA selection during a reconnect.
    editPrevious: ['Edit previous settings'],
  },
  businessSelection: {
    // inferred step titles of the portfolio picker; docs/meta-platform.md §2.2 only quotes the field label.
    titles: ['Select a business portfolio', 'Choose a business portfolio', 'Select your business portfolio', 'Choose your business portfolio'],
    // docs/meta-platform.md §2.2: older ES "Business portfolio" dropdown.
    fieldLabels: ['Business portfolio'],
    // docs/meta-platform.md §2.2: a portfolio owning the app is greyed with this text; inferred variants for non-admins.
    unavailable: ['This business portfolio owns {app}', 'You need full control of this business portfolio', 'You need to be an admin of this business portfolio'],
  },
  wabaSelection: {
    // docs/meta-platform.md §2.2 (exact) and the older ES field label.
    titles: ['Choose the WhatsApp accounts you want {app} to access.', 'Choose a WhatsApp Business account', 'Choose the WhatsApp Business accounts you want {app} to access.'],
    // docs/meta-platform.md §2.2: "Opt in to…" and the "Activate…" variant of the same radio pair.
    modeAll: ['Opt in to all current and future WhatsApp accounts', 'Activate all current and future WhatsApp accounts', 'Opt in to all current and future WhatsApp Business accounts'],
    modeSelected: ['Opt in to current WhatsApp accounts only', 'Activate current WhatsApp accounts only', 'Opt in to current WhatsApp Business accounts only'],
    // docs/meta-platform.md §2.2: "1 asset selected"; inferred plural and short forms.
    counter: ['{n} asset selected', '{n} assets selected', '{n} selected', '{n} WhatsApp account selected', '{n} WhatsApp accounts selected'],
    // inferred bulk toggles that are not WABAs.
    nonAssetControls: ['Select all', 'Deselect all', 'Unselect all'],
  },
  permissionsReview: {
    // docs/meta-platform.md §2.2.
    titles: ["Review {app}'s access request"],
    scopes: [
      // docs/meta-platform.md §2.2 [INF mapping]: label wording → scope.
      { scope: MANAGEMENT_SCOPE, labels: [PERMISSION_LABELS[MANAGEMENT_SCOPE], 'Manage your WhatsApp Business accounts'] },
      { scope: MESSAGING_SCOPE, labels: [PERMISSION_LABELS[MESSAGING_SCOPE], 'Manage and access conversations on WhatsApp'] },
    ],
    // inferred a status word beside a permission with no toggle; only read when it is a line of its own.
    stateOn: ['On', 'Allowed', 'Granted'],
    stateOff: ['Off', 'Not allowed', 'Not granted', 'Declined'],
  },
  success: {
    // docs/meta-platform.md §2.2 (FL4B post-success text); inferred ES completion variants.
    texts: ['{name} has been connected to {app}', "You've connected {app}", '{name} is now connected to {app}'],
    finish: ['Finish', 'Done'],
  },
  alerts: [
    // docs/meta-platform.md §2.3 observed: Business Extension dialog for non-admins.
    { kind: 'not-admin', rule: 'admin-permission-required', blocking: true, texts: ['Admin permission required'] },
    { kind: 'not-admin', rule: 'no-permission-to-edit', blocking: true, texts: ["You don't have permission to edit these settings"] },
    // docs/meta-platform.md §2.3 documented: ES creation error; means no Admin (full control) on the portfolio.
    { kind: 'not-admin', rule: 'cannot-create-waba', blocking: true, texts: ['User does not have permission to create WhatsApp Business Accounts'] },
    // docs/meta-platform.md §2.2: a portfolio that owns the app cannot be onboarded through it.
    { kind: 'portfolio-unavailable', rule: 'portfolio-owns-app', blocking: false, texts: ['This business portfolio owns {app}'] },
    { kind: 'cannot-onboard', rule: 'cannot-onboard-customers', blocking: true, texts: ["{business} can't onboard customers at the moment"] },
    // docs/meta-platform.md §2.3 documented: other ES errors.
    { kind: 'business-unverifiable', rule: 'cannot-verify-business', blocking: true, texts: ["We can't verify the Meta Business Account that you selected"] },
    { kind: 'limit-reached', rule: 'business-limit', blocking: true, texts: ['You have reached the limit for the number of Businesses you can create at this time'] },
    { kind: 'account-too-new', rule: 'account-too-new', blocking: true, texts: ['Your Facebook account is too new to create a business account'] },
    // docs/meta-platform.md §1.1 documented: FL4B troubleshooting.
    { kind: 'config-invalid', rule: 'config-id-invalid', blocking: true, texts: ['Config ID is invalid'] },
    // inferred Meta's generic failure sentence.
    { kind: 'generic-error', rule: 'something-went-wrong', blocking: true, texts: ['Something went wrong'] },
  ],
  // inferred how Business Settings prints an asset id under its name.
  idLabels: ['ID: {id}', 'ID {id}', 'WhatsApp Business Account ID: {id}', 'WhatsApp account ID: {id}', 'Account ID: {id}', 'Business portfolio ID: {id}', 'Portfolio ID: {id}'],
  people: {
    titles: ['People'],
    // docs/meta-platform.md §6 [3P turn.io]: the People list's access column.
    columnHeaders: ['Business portfolio access'],
    // inferred how the list marks the signed-in person.
    self: ['You', '(You)'],
    // docs/meta-platform.md §6: "Full control" (formerly admin), "Partial access" (formerly employee / developer).
    // Matched as whole lines (a name like "Admin Team" must not read as an access level).
    fullControl: ['Full control', 'Full control (Everything)', 'Admin access', 'Admin', 'Business admin'],
    partialAccess: [
      'Partial access',
      'Partial access (Basic)',
      'Partial access (Apps & integrations)',
      'Partial access (Apps and integrations)',
      'Employee access',
      'Employee',
      'Basic',
      'Developer',
    ],
  },
  wabaPage: {
    // docs/meta-platform.md §7: Accounts > WhatsApp Accounts.
    titles: ['WhatsApp accounts', 'WhatsApp Business accounts', 'WhatsApp Accounts'],
  },
};
