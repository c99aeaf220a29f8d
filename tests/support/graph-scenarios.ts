/**
 * A catalogue of Graph API simulator scenarios (data for server/simulator/scenario.ts), one per
 * situation the token check must tell apart, for one customer whose business, authorising user and expected
 * WABAs are given. Server tests and browser tests build seeds and scenario files from it, so the
 * same situations are exercised everywhere. Ids are made up.
 */
import type { ScenarioInput } from '../../server/simulator/scenario';

export interface Customer {
  businessId: string;
  businessName: string;
  userId: string;
  /** The workspace's expected WABAs; the scenarios grant, drop or degrade them. */
  wabas: { id: string; name: string }[];
}

export const SCENARIO_VARIANTS = [
  'healthy-user',
  'expiring-3d',
  'system-user-never',
  'business-integration',
  'expired',
  'password-changed',
  'app-removed',
  'scope-missing',
  'waba-deselected',
  'all-wabas',
  'renamed-scope',
  'not-admin',
  'role-not-established',
  'waba-limited',
  'waba-blocked',
  'data-access-expired',
  'rate-limited-80008',
  'rate-limited-4',
  'flaky',
  'slow',
] as const;
export type ScenarioVariant = (typeof SCENARIO_VARIANTS)[number];

const WBM = 'whatsapp_business_management';
const WBMSG = 'whatsapp_business_messaging';

function wabaRows(customer: Customer, overrides: Partial<Record<string, { health?: 'AVAILABLE' | 'LIMITED' | 'BLOCKED' }>> = {}) {
  return customer.wabas.map((waba, index) => ({
    id: waba.id,
    name: waba.name,
    ownerBusinessId: customer.businessId,
    health: overrides[waba.id]?.health ?? ('AVAILABLE' as const),
    phoneNumbers: [{ id: `5${waba.id.slice(1)}`, displayPhoneNumber: `+1 555-01${String(index).padStart(2, '0')}`, verifiedName: waba.name }],
  }));
}

function users(customer: Customer, role: 'ADMIN' | 'EMPLOYEE') {
  return [
    {
      id: customer.businessId,
      name: customer.businessName,
      users: [
        { id: customer.userId, name: role === 'ADMIN' ? 'Test Admin' : 'Test Employee', role },
        { id: `${customer.userId.slice(0, -1)}9`, name: 'Another Person', role: role === 'ADMIN' ? ('EMPLOYEE' as const) : ('ADMIN' as const) },
      ],
    },
  ];
}

/** A healthy 60-day user token over every expected WABA, authorised by a portfolio admin. */
function healthyUser(customer: Customer): ScenarioInput {
  const ids = customer.wabas.map((w) => w.id);
  return {
    debugToken: {
      type: 'USER',
      expires: { inDays: 45 },
      dataAccessExpires: { inDays: 80 },
      issued: { daysAgo: 15 },
      scopes: [WBM, WBMSG, 'business_management'],
      granularScopes: [
        { scope: WBM, targetIds: ids },
        { scope: WBMSG, targetIds: ids },
        { scope: 'business_management', targetIds: [customer.businessId] },
      ],
      userId: customer.userId,
    },
    wabas: wabaRows(customer),
    businesses: users(customer, 'ADMIN'),
  };
}

function invalid(customer: Customer, code: number, subcode: number, message: string, expiresInDays = 20): ScenarioInput {
  const base = healthyUser(customer);
  return {
    ...base,
    debugToken: { ...base.debugToken, isValid: false, expires: { inDays: expiresInDays }, error: { code, subcode, message } },
    wabas: [],
    businesses: [],
  };
}

export function scenarioFor(variant: ScenarioVariant, customer: Customer): ScenarioInput {
  const base = healthyUser(customer);
  const ids = customer.wabas.map((w) => w.id);
  switch (variant) {
    case 'healthy-user':
      return { ...base, description: 'healthy user token, 45 days left' };
    case 'expiring-3d':
      return { ...base, description: 'user token expiring in 3 days', debugToken: { ...base.debugToken, expires: { inDays: 3 } } };
    case 'system-user-never':
    case 'business-integration':
      return {
        ...base,
        description: variant === 'system-user-never' ? 'never-expiring system-user token, all assets' : 'business integration system user (BISU) token',
        debugToken: {
          ...base.debugToken,
          type: 'SYSTEM_USER',
          expires: 'never',
          dataAccessExpires: 'never',
          granularScopes: [{ scope: WBM }, { scope: WBMSG }],
          scopes: [WBM, WBMSG],
        },
        ...(variant === 'business-integration' ? { clientBusinessId: customer.businessId } : {}),
      };
    case 'expired':
      return invalid(customer, 190, 463, 'Error validating access token: Session has expired on Thursday, 19-Nov-26 10:00:00 PST. The current time is Saturday, 21-Nov-26 10:00:00 PST.', -2);
    case 'password-changed':
      return invalid(customer, 190, 460, 'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.');
    case 'app-removed':
      return invalid(customer, 190, 458, `Error validating access token: User ${customer.userId} has not authorized application 700000000000001.`);
    case 'scope-missing':
      return {
        ...base,
        description: 'whatsapp_business_messaging unticked',
        debugToken: { ...base.debugToken, scopes: [WBM, 'business_management'], granularScopes: [{ scope: WBM, targetIds: ids }] },
      };
    case 'waba-deselected': {
      const kept = ids.slice(0, 1);
      return {
        ...base,
        description: 'every WABA but the first deselected',
        debugToken: { ...base.debugToken, granularScopes: [{ scope: WBM, targetIds: kept }, { scope: WBMSG, targetIds: kept }] },
        wabas: wabaRows(customer).filter((w) => kept.includes(w.id)),
      };
    }
    case 'all-wabas':
      return {
        ...base,
        description: '"Opt in to all current and future WhatsApp accounts": granular scopes without target_ids',
        debugToken: { ...base.debugToken, granularScopes: [{ scope: WBM }, { scope: WBMSG }] },
      };
    case 'renamed-scope':
      return {
        ...base,
        description: 'management granted as whatsapp_business_manage_events (Embedded Signup tokens)',
        debugToken: {
          ...base.debugToken,
          scopes: ['whatsapp_business_manage_events', WBMSG, 'business_management'],
          granularScopes: [
            { scope: 'whatsapp_business_manage_events', targetIds: ids },
            { scope: WBMSG, targetIds: ids },
          ],
        },
      };
    case 'not-admin':
      return { ...base, description: 'authorised by an Employee of the portfolio', businesses: users(customer, 'EMPLOYEE') };
    case 'role-not-established':
      return {
        ...base,
        description: 'business_users does not list debug_token user_id (business-scoped ids differ)',
        businesses: [{ id: customer.businessId, name: customer.businessName, users: [{ id: '619999999999999', name: 'Someone Else', role: 'ADMIN' }] }],
      };
    case 'waba-limited':
    case 'waba-blocked': {
      const health = variant === 'waba-limited' ? ('LIMITED' as const) : ('BLOCKED' as const);
      return {
        ...base,
        description: `first WABA health ${health}`,
        wabas: wabaRows(customer, { [ids[0]!]: { health } }).map((w, i) =>
          i === 0 ? { ...w, healthErrors: [{ errorCode: 141006, description: 'There is an error with the payment method.', possibleSolution: 'Add a new payment method to the account.' }] } : w,
        ),
      };
    }
    case 'data-access-expired':
      return { ...base, description: 'data access lapsed 3 days ago', debugToken: { ...base.debugToken, dataAccessExpires: { inDays: -3 } } };
    case 'rate-limited-80008':
      return { ...base, description: 'WABA calls rate limited (80008)', faults: [{ endpoints: ['waba'], pattern: ['rate-limit-80008'] }] };
    case 'rate-limited-4':
      return { ...base, description: 'app rate limit (4) on every call', faults: [{ pattern: ['rate-limit-4'] }] };
    case 'flaky':
      return {
        ...base,
        description: 'deterministic flakiness on debug_token: 500, timeout, then fine, repeating',
        faults: [{ endpoints: ['debug_token'], pattern: ['http-500', 'timeout', 'ok'] }],
        timeoutHoldMs: 5_000,
      };
    case 'slow':
      return { ...base, description: 'every answer 400 ms late', delayMs: 400 };
  }
}
